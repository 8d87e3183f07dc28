// An express app as a user has it, tested in process with plain node and the public `corsim` entry point.
import express from 'express';
import cors from 'cors';
import { createBrowser, nodeHandlerTransport } from 'corsim';

const app = express()
  .use(cors({ origin: 'https://app.example', methods: ['GET', 'POST'] }))
  .get('/me', (_req, res) => res.json({ id: 1 }));

const browser = createBrowser({ origin: 'https://app.example', transport: nodeHandlerTransport(app) });
const read = await browser.outcome('https://api.example/me');
const put = await browser.outcome('https://api.example/me', { method: 'PUT' });
console.log(`GET: ${read.ok ? 'allowed' : `blocked ${read.reason.code}`}`);
console.log(`PUT: ${put.ok ? 'allowed' : `blocked ${put.reason.code}`}`);
