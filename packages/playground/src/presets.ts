/** The presets: every `examples/*.json` scenario (`cors-scenario/1`) of the repository, read at build time. */
const files = import.meta.glob('../../../examples/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Preset {
  /** The file name without `.json`. */
  readonly name: string;
  readonly text: string;
}

/** Whether a JSON text is a scenario document (examples/ also holds the examples package's package.json). */
export function isScenarioText(text: string): boolean {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'cors-scenario/1';
  } catch {
    return false;
  }
}

export const PRESETS: readonly Preset[] = Object.entries(files)
  .filter(([, text]) => isScenarioText(text))
  .map(([path, text]) => ({ name: path.replace(/^.*\//, '').replace(/\.json$/, ''), text }))
  .sort((a, b) => a.name.localeCompare(b.name));

export const DEFAULT_PRESET = 'put-json-then-credentialed';
