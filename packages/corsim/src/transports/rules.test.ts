import { describe, expect, test } from 'vitest';
import type { Scenario } from '../scenario/types.js';
import { rulesTransport, type RulesExchange } from './rules.js';
import { values, wire } from '../node/test-helpers.js';

const scenario: Pick<Scenario, 'servers' | 'page'> = {
  page: 'https://app.example/index.html',
  servers: {
    'https://api.example': [
      {
        method: 'OPTIONS',
        path: '/data',
        status: 204,
        headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['Access-Control-Allow-Methods', '{{acrm}}'], ['Access-Control-Allow-Headers', '{{acrh}}']],
        body: '',
      },
      {
        method: 'GET',
        path: '/data',
        status: 200,
        headers: [['Access-Control-Allow-Origin', '{{origin}}'], ['Access-Control-Allow-Origin', '*'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']],
        body: 'the data',
      },
    ],
  },
};

describe('rulesTransport', () => {
  test('answers by the first matching rule, templates expanded, duplicate header lines kept in order', async () => {
    const result = await rulesTransport(scenario).send(wire('GET', 'https://api.example/data?x=1', [['Origin', 'https://app.example']]));
    expect(result).toMatchObject({ ok: true, response: { status: 200, statusText: 'OK' } });
    expect(values(result, 'access-control-allow-origin')).toEqual(['https://app.example', '*']);
    expect(values(result, 'set-cookie')).toEqual(['a=1', 'b=2']);
    expect(result.ok && new TextDecoder().decode(result.response.body)).toBe('the data');
  });

  test('a preflight echoes the request headers through the templates', async () => {
    const result = await rulesTransport(scenario, { framing: 'none' }).send(
      wire('OPTIONS', 'https://api.example/data', [['Origin', 'https://app.example'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'x-a,x-b']]),
    );
    expect(result.ok && result.response.headers).toEqual([
      ['Access-Control-Allow-Origin', 'https://app.example'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', 'x-a,x-b'],
    ]);
  });

  test('the page origin serves the page document, other unmatched requests a 404', async () => {
    const transport = rulesTransport(scenario);
    expect(await transport.send(wire('GET', 'https://app.example/anything'))).toMatchObject({ ok: true, response: { status: 200 } });
    expect(await transport.send(wire('DELETE', 'https://api.example/data'))).toMatchObject({ ok: true, response: { status: 404 } });
  });

  test('HEAD gets the rule\'s status and headers without the body; the hook still sees the rule that answered', async () => {
    const log: RulesExchange[] = [];
    const transport = rulesTransport(
      { ...scenario, servers: { 'https://api.example': [{ method: '*', path: '/data', status: 200, headers: [['X-A', '1']], body: 'x' }] } },
      { onExchange: (e) => log.push(e), framing: 'none' },
    );
    const result = await transport.send(wire('HEAD', 'https://api.example/data'));
    expect(result).toMatchObject({ ok: true, response: { status: 200, headers: [['X-A', '1']] } });
    expect(result.ok && result.response.body.byteLength).toBe(0);
    expect(log).toHaveLength(1);
    expect(log[0]?.request.method).toBe('HEAD');
    expect(log[0]?.answer.ruleIndex).toBe(0);
  });

  test('by default the answer carries the framing a Node server adds, as the scenario socket servers send it', async () => {
    const result = await rulesTransport(scenario).send(wire('GET', 'https://api.example/data', [['Origin', 'https://app.example']]));
    expect(result.ok && result.response.headers.slice(4).map(([n]) => n)).toEqual(['Date', 'Connection', 'Keep-Alive', 'Content-Length']);
    expect(values(result, 'content-length')).toEqual(['8']);
    const any = { ...scenario, servers: { 'https://api.example': [{ method: '*', path: '/data', status: 200, headers: [], body: 'the data' }] } };
    const head = await rulesTransport(any).send(wire('HEAD', 'https://api.example/data'));
    expect(values(head, 'content-length')).toEqual(['8']);
    expect(head.ok && head.response.body.byteLength).toBe(0);
  });

  test('a rule header with CR or LF is never answered as is: a 500 without the rule headers, as on a socket', async () => {
    const injecting = { ...scenario, servers: { 'https://api.example': [{ method: '*', path: '/x', status: 200, headers: [['X-A', 'a\r\nAccess-Control-Allow-Origin: *']] as [string, string][], body: 'secret' }] } };
    const result = await rulesTransport(injecting, { framing: 'none' }).send(wire('GET', 'https://api.example/x'));
    expect(result).toMatchObject({ ok: true, response: { status: 500, headers: [['Content-Type', 'text/plain; charset=utf-8']] } });
  });

  test('a throwing hook does not change the outcome; a bad URL is a network error', async () => {
    const transport = rulesTransport(scenario, {
      onExchange: () => {
        throw new Error('hook boom');
      },
    });
    expect(await transport.send(wire('GET', 'https://api.example/data'))).toMatchObject({ ok: true, response: { status: 200 } });
    expect(await transport.send(wire('GET', 'not a url'))).toMatchObject({ ok: false, netError: 'ERR_INVALID_ARGUMENT' });
  });

  test('one transport answers request after request afresh: templates by each request, bodies that are its own', async () => {
    const transport = rulesTransport(scenario, { framing: 'none' });
    const first = await transport.send(wire('GET', 'https://api.example/data', [['Origin', 'https://app.example']]));
    if (first.ok) first.response.body.fill(0);
    const second = await transport.send(wire('GET', 'https://api.example/data', [['Origin', 'https://other.example']]));
    expect(values(second, 'access-control-allow-origin')).toEqual(['https://other.example', '*']);
    expect(second.ok && new TextDecoder().decode(second.response.body)).toBe('the data');
    expect(values(await transport.send(wire('GET', 'https://app.example/else')), 'content-type')).toEqual(['text/html; charset=utf-8']);
  });
});
