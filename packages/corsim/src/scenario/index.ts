/**
 * corsim/scenario: the scenario and result formats, the declarative scenario server, and replay.
 * Browser-safe: no Node built-ins.
 */
export type * from './types.js';
export { parseScenario, parseScenarioText, type ParseResult } from './parse.js';
export { answerByRules, expandTemplate, findRule, statusText, PAGE_DOCUMENT, type RuleAnswer } from './rules.js';
export { withNodeFraming, NODE_KEEP_ALIVE_SECONDS, type NodeFramingOptions } from './framing.js';
export { playScenario, toResultStep, type PlayOptions } from './play.js';
export { rulesTransport, type RulesExchange, type RulesTransportOptions } from '../transports/rules.js';
export { compareResult, agreement, fieldKey, COMPARED_FIELDS, type FieldComparison, type Agreement, type ComparedField } from './compare.js';
export { fixContextOf, fixOf, type FixRequest } from '../fix-context.js';
