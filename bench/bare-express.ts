// The baseline: a bare Express app that parses the same JSON and answers like the example flow.
import express from 'express';

const app = express();
app.use(express.json());
app.post('/webhook/lead', (req, res) => {
  const body = req.body as { score?: number; name?: string };
  const hot = Number(body.score) > 50;
  res.json({ segment: hot ? 'hot' : 'cold', message: `Welcome aboard, ${body.name}!` });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
