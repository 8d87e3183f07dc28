/**
 * The HTTP/1.1 codec of corsim's socket paths: the raw client ({@link ./raw-http.ts}) reads responses
 * with {@link ResponseReader}, the scenario servers ({@link ./http-servers.ts}) read requests with
 * {@link RequestReader}, and both write heads with {@link serializeHead}. No sockets, no timers: bytes
 * in, heads and bodies out, every fault an {@link Http1Error} naming what went wrong.
 *
 * Responses are read as Chromium's `HttpStreamParser` / `HttpResponseHeaders` read them (each point
 * below was checked against Chromium 156 fetching from a raw loopback server; see
 * raw-http.chromium.test.ts): LF or CRLF line endings; up to 4 bytes of junk before `HTTP`, which is
 * matched case-insensitively and whose version is not checked; the status code is the digits after the
 * first space (none: 200; more than three are kept, saturated to 2³¹−1 and then truncated to 16 bits as
 * Blink stores it); any number of interim 1xx responses skipped (a 101 is invalid); header lines
 * without a colon or with a name that is not a token skipped, space before the colon trimmed, obs-fold
 * lines joined with a space; a NUL anywhere is invalid; a head cut short by the close of the
 * connection is taken as the head (plain http only, as Chromium does); differing `Content-Length`
 * lines are `multiple-content-length`, an unparsable one is ignored (the body runs to the close);
 * chunked framing accepts bare LF too.
 *
 * Requests are read strictly enough for a server (a token method, token header names) but take what
 * browsers send and llhttp refuses: any method token and any byte but NUL, CR and LF in values.
 */
import { isToken, normalizeHeaderValue, type HeaderPairs, type NetErrorName } from '@corsim/engine';
import { isBodylessResponse } from '../transports/common.js';

/** What went wrong, whichever side reads. */
export type Http1Failure =
  | 'malformed'
  | 'head-too-big'
  | 'too-many-headers'
  | 'body-too-big'
  | 'multiple-content-length'
  | 'content-length-mismatch'
  | 'incomplete-chunked'
  | 'empty';

export class Http1Error extends Error {
  constructor(readonly failure: Http1Failure, message: string) {
    super(message);
  }
}

/** Limits of one reader. Heads are measured one at a time (each interim response apart). */
export interface Http1Limits {
  /** Largest head (start line and header lines) in bytes. */
  readonly maxHeadBytes: number;
  /** Most header lines in one head. */
  readonly maxHeaderCount: number;
  /** Largest body in bytes (after chunked framing is removed). */
  readonly maxBodyBytes: number;
}

export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderPairs;
}

export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly version: 'HTTP/1.0' | 'HTTP/1.1';
  readonly headers: HeaderPairs;
}

/** The `net::` error a browser reports for a response that fails with `failure`. */
export function responseNetError(failure: Http1Failure): NetErrorName {
  switch (failure) {
    case 'head-too-big':
    case 'too-many-headers':
      return 'ERR_RESPONSE_HEADERS_TOO_BIG';
    case 'body-too-big':
      return 'ERR_INSUFFICIENT_RESOURCES';
    case 'multiple-content-length':
      return 'ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH';
    case 'content-length-mismatch':
      return 'ERR_CONTENT_LENGTH_MISMATCH';
    case 'incomplete-chunked':
      return 'ERR_INCOMPLETE_CHUNKED_ENCODING';
    case 'empty':
      return 'ERR_EMPTY_RESPONSE';
    case 'malformed':
      return 'ERR_INVALID_HTTP_RESPONSE';
  }
}

/** The status a server answers a request that fails with `failure`. */
export function requestErrorStatus(failure: Http1Failure): number {
  if (failure === 'head-too-big' || failure === 'too-many-headers') return 431;
  return failure === 'body-too-big' ? 413 : 400;
}

// ---------------------------------------------------------------------------------------------
// Serialization

/**
 * A head on the wire: the start line, each header line, the empty line. Refuses (throws
 * `malformed`) a name that is not a token and a NUL, CR or LF anywhere, so that no value can add a
 * line of its own. Latin-1 (one byte per code unit) when every code unit fits, else UTF-8, as Node
 * writes header strings.
 */
export function serializeHead(startLine: string, headers: HeaderPairs): Buffer {
  if (/[\0\r\n]/.test(startLine)) throw new Http1Error('malformed', `NUL, CR or LF in the start line ${JSON.stringify(startLine)}`);
  let text = `${startLine}\r\n`;
  for (const [name, value] of headers) {
    if (!isToken(name)) throw new Http1Error('malformed', `header name ${JSON.stringify(name)} is not a token`);
    if (/[\0\r\n]/.test(value)) throw new Http1Error('malformed', `NUL, CR or LF in the value of ${name}`);
    text += `${name}: ${value}\r\n`;
  }
  text += '\r\n';
  return Buffer.from(text, /^[\u0000-\u00ff]*$/.test(text) ? 'latin1' : 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Heads

/** The end of the head at the start of `buf` (index just past the empty line), or -1. */
function headEnd(buf: Buffer): number {
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** The head's lines, LF or CRLF ended, without the empty line. */
function headLines(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  if (text.includes('\0')) throw new Http1Error('malformed', 'NUL in the head');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.some((l) => l.includes('\r'))) throw new Http1Error('malformed', 'a bare CR in the head');
  return lines;
}

/**
 * Header lines as pairs. `lenient` (responses, as Chromium): lines without a colon or with a name
 * that is not a token are skipped, as is a continuation before the first header; otherwise they throw.
 */
function headerFields(lines: readonly string[], lenient: boolean, maxCount: number): HeaderPairs {
  const headers: HeaderPairs = [];
  const refuse = (line: string): void => {
    if (!lenient) throw new Http1Error('malformed', `invalid header line ${JSON.stringify(line.slice(0, 80))}`);
  };
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = headers[headers.length - 1];
      if (last) last[1] = normalizeHeaderValue(`${last[1]} ${normalizeHeaderValue(line)}`);
      else refuse(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : lenient ? line.slice(0, colon).replace(/[ \t]+$/, '') : line.slice(0, colon);
    if (!isToken(name)) {
      refuse(line);
      continue;
    }
    if (headers.length >= maxCount) throw new Http1Error('too-many-headers', `more than ${maxCount} header lines`);
    headers.push([name, normalizeHeaderValue(line.slice(colon + 1))]);
  }
  return headers;
}

/** Where `http` starts (case-insensitive) within the junk Chromium tolerates, -1 when not there, null when too few bytes tell. */
const MAX_STATUS_LINE_JUNK = 4;
function statusLineStart(buf: Buffer, atEnd: boolean): number | null {
  if (buf.length === 0) return atEnd ? -1 : null;
  const probe = buf.subarray(0, MAX_STATUS_LINE_JUNK + 4).toString('latin1').toLowerCase();
  const at = probe.indexOf('http');
  if (at >= 0) return at;
  for (let i = 0; i <= MAX_STATUS_LINE_JUNK && i < probe.length; i++) {
    if ('http'.startsWith(probe.slice(i)) && !atEnd) return null; // may still become `http`
  }
  return -1;
}

const INT32_MAX = 2 ** 31 - 1;

/** A response head from its lines (status line first). */
function responseHead(lines: readonly string[], maxHeaderCount: number): ResponseHead {
  const statusLine = lines[0] ?? '';
  const space = statusLine.indexOf(' ');
  const rest = space < 0 ? '' : statusLine.slice(space).replace(/^ +/, '');
  const digits = /^[0-9]*/.exec(rest)?.[0] ?? '';
  // No digits: Chromium assumes 200 and reads no reason phrase. More than fit: its StringToInt
  // saturates; Blink keeps 16 bits.
  if (digits === '') return { status: 200, statusText: '', headers: headerFields(lines.slice(1), true, maxHeaderCount) };
  const code = Math.min(Number(digits), INT32_MAX) % 65536;
  const statusText = rest.slice(digits.length).replace(/^ +/, '').replace(/[ \t]+$/, '');
  return { status: code, statusText, headers: headerFields(lines.slice(1), true, maxHeaderCount) };
}

const REQUEST_LINE = /^(\S+) (\S+) (HTTP\/1\.[01])$/;

/** A request head from its lines (request line first). */
function requestHead(lines: readonly string[], maxHeaderCount: number): RequestHead {
  const m = REQUEST_LINE.exec(lines[0] ?? '');
  if (!m || !isToken(m[1] as string)) throw new Http1Error('malformed', `invalid request line ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  return {
    method: m[1] as string,
    target: m[2] as string,
    version: m[3] as RequestHead['version'],
    headers: headerFields(lines.slice(1), false, maxHeaderCount),
  };
}

/** Every value of header `name` (lower case). */
function values(headers: HeaderPairs, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

// ---------------------------------------------------------------------------------------------
// Bodies

/** How a body is delimited (RFC 9112 §6.3). */
export type BodyFraming = { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' } | { readonly kind: 'close' };

/** The final transfer coding named by `Transfer-Encoding`, or null without one. */
function finalTransferCoding(headers: HeaderPairs): string | null {
  const codings = values(headers, 'transfer-encoding').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  return codings.length ? (codings[codings.length - 1] as string) : null;
}

/** How the body of a response to `method` with `head` is delimited, as Chromium reads it. */
export function responseFraming(method: string, head: ResponseHead): BodyFraming {
  if (isBodylessResponse(method, head.status)) return { kind: 'none' };
  const coding = finalTransferCoding(head.headers);
  if (coding !== null) return coding === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  // Chromium splits the values at commas, so `2` and `2, 2` are one length.
  const lengths = values(head.headers, 'content-length').flatMap((v) => v.split(',')).map((v) => v.trim());
  if (new Set(lengths).size > 1) throw new Http1Error('multiple-content-length', `differing Content-Length values ${JSON.stringify(lengths)}`);
  const length = lengths[0];
  if (length === undefined || !/^[0-9]{1,15}$/.test(length)) return { kind: 'close' }; // unparsable: Chromium reads to the close
  return { kind: 'length', length: Number(length) };
}

/** How the body of a request with `head` is delimited. */
export function requestFraming(head: RequestHead): BodyFraming {
  const coding = finalTransferCoding(head.headers);
  if (coding !== null) {
    if (coding !== 'chunked') throw new Http1Error('malformed', `request Transfer-Encoding ${coding} is not chunked`);
    return { kind: 'chunked' };
  }
  const lengths = values(head.headers, 'content-length').map((v) => v.trim());
  if (lengths.length === 0) return { kind: 'none' };
  if (new Set(lengths).size > 1) throw new Http1Error('multiple-content-length', `differing Content-Length lines ${JSON.stringify(lengths)}`);
  if (!/^[0-9]{1,15}$/.test(lengths[0] as string)) throw new Http1Error('malformed', `invalid Content-Length ${JSON.stringify(lengths[0])}`);
  const length = Number(lengths[0]);
  return length === 0 ? { kind: 'none' } : { kind: 'length', length };
}

const MAX_CHUNK_LINE = 4096;
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;[^\0\r\n]*)?$/;

/**
 * Reads one body by its framing, bounded by `maxBodyBytes` (the bytes past the framing's end are
 * handed back). Chunked: size line, data, line end, …, a zero size, trailer lines, an empty line;
 * line ends LF or CRLF.
 */
export class BodyReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private remaining: number;
  private phase: 'size' | 'data' | 'data-end' | 'trailer' | 'done';
  private trailerBytes = 0;
  private carry: Buffer = Buffer.alloc(0);

  constructor(readonly framing: BodyFraming, private readonly limits: Http1Limits) {
    this.remaining = framing.kind === 'length' ? framing.length : 0;
    this.phase = framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0) ? 'done' : framing.kind === 'chunked' ? 'size' : 'data';
    if (framing.kind === 'length' && framing.length > limits.maxBodyBytes) throw this.tooBig();
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  /** Takes what it can of `buf`; returns the bytes after the body's end (empty until then). */
  push(buf: Buffer): Buffer {
    if (this.framing.kind === 'close') {
      this.keep(buf);
      return Buffer.alloc(0);
    }
    if (this.framing.kind === 'length') {
      const take = Math.min(this.remaining, buf.length);
      this.keep(buf.subarray(0, take));
      this.remaining -= take;
      if (this.remaining === 0) this.phase = 'done';
      return buf.subarray(take);
    }
    return this.pushChunked(buf);
  }

  /** The connection closed: the body if it is complete by its framing, else the failure. */
  end(): Buffer {
    if (this.framing.kind === 'close' || this.phase === 'done') return this.body();
    if (this.framing.kind === 'length') throw new Http1Error('content-length-mismatch', `the connection closed ${this.remaining} bytes short of Content-Length`);
    throw new Http1Error('incomplete-chunked', 'the connection closed before the last chunk');
  }

  body(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.limits.maxBodyBytes) throw this.tooBig();
    this.chunks.push(bytes);
  }

  private tooBig(): Http1Error {
    return new Http1Error('body-too-big', `body over ${this.limits.maxBodyBytes} bytes`);
  }

  private pushChunked(input: Buffer): Buffer {
    let buf = this.carry.length ? Buffer.concat([this.carry, input]) : input;
    this.carry = Buffer.alloc(0);
    while (this.phase !== 'done') {
      if (this.phase === 'data') {
        const take = Math.min(this.remaining, buf.length);
        this.keep(buf.subarray(0, take));
        this.remaining -= take;
        buf = buf.subarray(take);
        if (this.remaining > 0) return Buffer.alloc(0);
        this.phase = 'data-end';
      }
      const lineEnd = buf.indexOf(0x0a);
      if (lineEnd < 0) {
        this.checkPartialLine(buf);
        this.carry = buf; // a line split across reads: joined when the rest arrives
        return Buffer.alloc(0);
      }
      const line = buf.subarray(0, buf[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd).toString('latin1');
      buf = buf.subarray(lineEnd + 1);
      this.chunkLine(line, lineEnd + 1);
    }
    return buf;
  }

  private checkPartialLine(buf: Buffer): void {
    if (this.phase === 'data-end' && buf.length > 1) throw new Http1Error('malformed', 'chunk data not followed by a line end');
    if (this.phase === 'data-end' && buf.length === 1 && buf[0] !== 0x0d) throw new Http1Error('malformed', 'chunk data not followed by a line end');
    if (this.phase === 'size' && buf.length > MAX_CHUNK_LINE) throw new Http1Error('malformed', 'chunk size line too long');
    if (this.phase === 'trailer' && this.trailerBytes + buf.length > this.limits.maxHeadBytes) throw new Http1Error('head-too-big', 'trailers too big');
  }

  private chunkLine(line: string, length: number): void {
    if (this.phase === 'data-end') {
      if (line !== '') throw new Http1Error('malformed', 'chunk data not followed by a line end');
      this.phase = 'size';
      return;
    }
    if (this.phase === 'trailer') {
      if (line === '') {
        this.phase = 'done';
        return;
      }
      this.trailerBytes += length;
      if (this.trailerBytes > this.limits.maxHeadBytes) throw new Http1Error('head-too-big', 'trailers too big');
      if (/[\0\r]/.test(line)) throw new Http1Error('malformed', 'invalid trailer line');
      return;
    }
    const m = CHUNK_SIZE_LINE.exec(line);
    if (!m) throw new Http1Error('malformed', `invalid chunk size line ${JSON.stringify(line.slice(0, 40))}`);
    const size = parseInt(m[1] as string, 16);
    this.phase = size === 0 ? 'trailer' : 'data';
    this.remaining = size;
  }
}

// ---------------------------------------------------------------------------------------------
// Readers

/** A complete response: its head and its body (framing removed, content codings untouched). */
export interface ReadResponse {
  readonly head: ResponseHead;
  readonly body: Buffer;
}

/**
 * Reads one response to a request with `method` from a connection's bytes, skipping interim 1xx
 * responses. `push` each read; it returns the response once complete. `end` when the connection
 * closes: it returns the response (a close-delimited body, a head cut short) or throws.
 */
export class ResponseReader {
  private buffer: Buffer = Buffer.alloc(0);
  private head: ResponseHead | null = null;
  private body: BodyReader | null = null;

  constructor(private readonly method: string, private readonly limits: Http1Limits) {}

  /** The final response's head once it has arrived. */
  get responseHead(): ResponseHead | null {
    return this.head;
  }

  push(chunk: Buffer): ReadResponse | null {
    if (this.body) {
      this.body.push(chunk);
      return this.complete();
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (!this.head) {
      const start = statusLineStart(this.buffer, false);
      if (start === null) return null;
      if (start < 0) throw new Http1Error('malformed', `not an HTTP response: ${JSON.stringify(this.buffer.subarray(0, 40).toString('latin1'))}`);
      const end = headEnd(this.buffer);
      if ((end < 0 ? this.buffer.length : end) > this.limits.maxHeadBytes) throw new Http1Error('head-too-big', `response head over ${this.limits.maxHeadBytes} bytes`);
      if (end < 0) return null;
      this.takeHead(this.buffer.subarray(start, end));
      this.buffer = this.buffer.subarray(end);
    }
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    (this.body as BodyReader | null)?.push(rest); // narrowed to null above, set by takeHead
    return this.complete();
  }

  end(): ReadResponse {
    if (!this.head) {
      if (this.buffer.length === 0) throw new Http1Error('empty', 'the connection closed without a response');
      const start = statusLineStart(this.buffer, true);
      if (start === null || start < 0) throw new Http1Error('malformed', `not an HTTP response: ${JSON.stringify(this.buffer.subarray(0, 40).toString('latin1'))}`);
      // Chromium takes a head cut short by the close as the head (plain http only).
      this.takeHead(this.buffer.subarray(start));
      if (!this.head) throw new Http1Error('empty', 'the connection closed after an interim response');
    }
    const head = this.head as ResponseHead;
    return { head, body: (this.body as BodyReader).end() };
  }

  private takeHead(bytes: Buffer): void {
    const head = responseHead(headLines(bytes), this.limits.maxHeaderCount);
    if (head.status === 101) throw new Http1Error('malformed', '101 Switching Protocols without an upgrade request');
    if (head.status >= 100 && head.status < 200) return; // interim: the real response follows
    this.head = head;
    this.body = new BodyReader(responseFraming(this.method, head), this.limits);
  }

  private complete(): ReadResponse | null {
    const body = this.body as BodyReader;
    return body.done ? { head: this.head as ResponseHead, body: body.body() } : null;
  }
}

/**
 * What a {@link RequestReader} saw: a head (e.g. to answer `Expect: 100-continue`) with its bytes as they
 * came (request line to the empty line, for a proxy that passes them on unchanged), or a whole request.
 */
export type RequestEvent =
  | { readonly kind: 'head'; readonly head: RequestHead; readonly raw: Buffer }
  | { readonly kind: 'request'; readonly head: RequestHead; readonly body: Buffer };

/** Reads requests, one after another (pipelined ones too), from a connection's bytes. */
export class RequestReader {
  private buffer: Buffer = Buffer.alloc(0);
  private head: RequestHead | null = null;
  private body: BodyReader | null = null;

  constructor(private readonly limits: Http1Limits) {}

  /** True while a request's head has arrived but not all of its body. */
  get inRequest(): boolean {
    return this.head !== null;
  }

  push(chunk: Buffer): RequestEvent[] {
    const events: RequestEvent[] = [];
    let input: Buffer = chunk;
    for (;;) {
      if (this.head && this.body) {
        const rest = this.body.push(input);
        if (!this.body.done) return events;
        events.push({ kind: 'request', head: this.head, body: this.body.body() });
        this.head = null;
        this.body = null;
        input = rest;
        continue;
      }
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, input]) : input;
      input = Buffer.alloc(0);
      // Empty lines before a request line are ignored (RFC 9112 §2.2).
      let skip = 0;
      while (this.buffer[skip] === 0x0d || this.buffer[skip] === 0x0a) skip++;
      this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) return events;
      const end = headEnd(this.buffer);
      if ((end < 0 ? this.buffer.length : end) > this.limits.maxHeadBytes) throw new Http1Error('head-too-big', `request head over ${this.limits.maxHeadBytes} bytes`);
      if (end < 0) return events;
      const raw = this.buffer.subarray(0, end);
      const head = requestHead(headLines(raw), this.limits.maxHeaderCount);
      input = this.buffer.subarray(end);
      this.buffer = Buffer.alloc(0);
      this.head = head;
      this.body = new BodyReader(requestFraming(head), this.limits);
      events.push({ kind: 'head', head, raw });
    }
  }
}
