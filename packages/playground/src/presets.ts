/** The presets: every `examples/*.json` scenario of the repository, read at build time. */
const files = import.meta.glob('../../../examples/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Preset {
  /** The file name without `.json`. */
  readonly name: string;
  readonly text: string;
}

export const PRESETS: readonly Preset[] = Object.entries(files)
  .map(([path, text]) => ({ name: path.replace(/^.*\//, '').replace(/\.json$/, ''), text }))
  .sort((a, b) => a.name.localeCompare(b.name));

export const DEFAULT_PRESET = 'put-json-then-credentialed';
