/** The HTTP ceiling for the benchmark: a bare Fastify JSON route on the same machine. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ status: 'ok', id: '5b7c2a3e-0c4d-4e5f-8a9b-0c1d2e3f4a5b' }));
const address = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
