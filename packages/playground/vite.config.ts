import { defineConfig } from 'vite';
import { playgroundConfig } from './src/build.ts';

export default defineConfig(playgroundConfig());
