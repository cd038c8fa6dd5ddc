import Fastify from 'fastify';

// The bare Fastify route of `npm run bench -- acks`, in its own process: answers {} to any POST body.
// Prints its URL on stdout once listening; exits on SIGTERM.

const app = Fastify({ bodyLimit: 1024 * 1024 });
app.post('/bare', async () => ({}));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
console.log(`${url}/bare`);
