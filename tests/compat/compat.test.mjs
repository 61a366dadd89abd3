// Compatibility test: the real socket.io-client v4 (the library the replaced NestJS
// gateway's clients use) against the datagate binary named by DATAGATE_BIN.
//
// Timing assertions use short feed intervals and generous windows: they tell "a stream"
// from "no stream" and "one stream" from "two streams", never exact milliseconds.

import test, { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';

const BIN = process.env.DATAGATE_BIN;
const INTERVAL_MS = 200;
const WELCOME = 'Welcome to the data WebSocket gateway!';
// Long enough to see several ticks, short enough to keep the whole file well under 20 s.
const WINDOW_MS = 5 * INTERVAL_MS;
// Time for a tick already in flight when an unsubscribe is acknowledged to arrive.
const DRAIN_MS = INTERVAL_MS + 100;
const EVENT_TIMEOUT_MS = 3000;

const servers = new Set();
const sockets = new Set();

function freePort() {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.unref();
        probe.on('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

// Starts the gateway on a free loopback port and resolves once it logs "ready".
async function startServer(extraArgs = []) {
    assert.ok(BIN, 'DATAGATE_BIN must name the datagate binary');
    const port = await freePort();
    const child = spawn(BIN, [
        '--no-gui',
        '--host', '127.0.0.1',
        '--port', String(port),
        '--random-interval', String(INTERVAL_MS),
        '--log-level', 'info',
        // Never the internet: the price feed runs on its offline provider
        // unless a test points it at its own fake upstream.
        ...(extraArgs.length ? extraArgs : ['--btc-providers', 'simulated']),
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    const server = { child, port, log: '' };
    servers.add(server);
    server.exited = new Promise((resolve) => {
        child.on('exit', (code, signal) => {
            servers.delete(server);
            resolve({ code, signal });
        });
        // A binary that cannot be started never emits "exit".
        child.on('error', (error) => {
            servers.delete(server);
            resolve({ code: null, signal: null, error });
        });
    });
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`datagate did not log "ready" within 10 s:\n${server.log}`)), 10000);
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk) => {
            server.log += chunk;
            if (/\bready\b/.test(server.log)) {
                clearTimeout(timer);
                resolve();
            }
        });
        server.exited.then(({ code, signal, error }) => {
            clearTimeout(timer);
            reject(new Error(`datagate ${BIN} exited early (code ${code}, signal ${signal}${error ? `, ${error.message}` : ''}):\n${server.log}`));
        });
    });
    return server;
}

function connect(port, nsp = '/data', auth = undefined, tls = undefined) {
    const socket = io(`${tls ? 'https' : 'http'}://127.0.0.1:${port}${nsp}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: EVENT_TIMEOUT_MS,
        ...(auth ? { auth } : {}),
        ...(tls ?? {}),
    });
    sockets.add(socket);
    return socket;
}

// Rejects with `message` unless `promise` settles within `ms`; never leaves a timer behind.
function withTimeout(promise, ms, message) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(typeof message === 'function' ? message() : message)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Resolves with the arguments of the next `event`, rejects after `ms`.
function nextEvent(emitter, event, ms = EVENT_TIMEOUT_MS) {
    let listener;
    const arrived = new Promise((resolve) => {
        listener = (...args) => resolve(args);
        emitter.once(event, listener);
    });
    return withTimeout(arrived, ms, `no "${event}" within ${ms} ms`)
        .finally(() => emitter.off(event, listener));
}

// Resolves once `socket` has joined its namespace; rejects with the connect_error.
function joined(socket, ms = EVENT_TIMEOUT_MS) {
    let onConnect;
    let onError;
    const outcome = new Promise((resolve, reject) => {
        onConnect = () => resolve();
        onError = (error) => reject(error);
        socket.once('connect', onConnect);
        socket.once('connect_error', onError);
    });
    return withTimeout(outcome, ms, `neither "connect" nor "connect_error" within ${ms} ms`).finally(() => {
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
    });
}

// Connects to /data and waits for both the connection and the welcome message.
// tls: the TLS options of the client (e.g. { ca }) to connect over wss://.
async function connectData(port, tls = undefined) {
    const socket = connect(port, '/data', undefined, tls);
    // Listen before the handshake: the server sends the welcome right after CONNECT.
    const welcome = nextEvent(socket, 'message');
    welcome.catch(() => {}); // awaited below, unless joining fails first
    await joined(socket);
    const [text] = await welcome;
    return { socket, text };
}

// Collects every randomNumber the socket receives from now on.
function recordRandom(socket) {
    const values = [];
    socket.on('randomNumber', (value) => values.push(value));
    return values;
}

function ack(socket, event) {
    return socket.timeout(EVENT_TIMEOUT_MS).emitWithAck(event);
}

const SUBSCRIBED = { ok: true, stream: 'randomNumber' };

let server;

before(async () => {
    server = await startServer();
});

afterEach(() => {
    for (const socket of sockets)
        socket.disconnect();
    sockets.clear();
    // A crash shows up here with the server's log, not as puzzling failures in later tests.
    assert.ok(server && servers.has(server), `datagate exited during the test:\n${server?.log}`);
});

after(async () => {
    for (const socket of sockets)
        socket.disconnect();
    sockets.clear();
    for (const { child, exited } of [...servers]) {
        child.kill('SIGKILL');
        await exited;
    }
});

test('connecting to /data succeeds and delivers the welcome message', async () => {
    const { socket, text } = await connectData(server.port);
    assert.equal(socket.connected, true);
    assert.equal(text, WELCOME);
});

test('subscribeRandomNumber is acknowledged and streams integers 0..99 at the interval', async () => {
    const { socket } = await connectData(server.port);
    const values = recordRandom(socket);
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    await sleep(WINDOW_MS);
    // 5 ticks expected in the window; a wide band tolerates a loaded machine.
    assert.ok(values.length >= 3 && values.length <= 8,
        `expected about ${WINDOW_MS / INTERVAL_MS} values in ${WINDOW_MS} ms, got ${values.length}: ${JSON.stringify(values)}`);
    for (const value of values) {
        assert.equal(typeof value, 'number', `randomNumber payload ${JSON.stringify(value)} is not a number`);
        assert.ok(Number.isInteger(value) && value >= 0 && value <= 99, `randomNumber ${value} is not an integer in 0..99`);
    }
});

test('an unknown event with an ack gets {ok:false, error:"unknown_event"}', async () => {
    const { socket } = await connectData(server.port);
    assert.deepEqual(await ack(socket, 'noSuchEvent'), { ok: false, error: 'unknown_event' });
    // The connection survives the unknown event and still serves known ones.
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.equal(socket.connected, true);
});

test('subscribing twice does not double the stream', async () => {
    const single = await connectData(server.port);
    const double = await connectData(server.port);
    assert.deepEqual(await ack(single.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.deepEqual(await ack(double.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.deepEqual(await ack(double.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    // Count over the same window on both clients; both see the same ticks.
    const singleValues = recordRandom(single.socket);
    const doubleValues = recordRandom(double.socket);
    await sleep(WINDOW_MS);
    assert.ok(singleValues.length >= 3, `single-subscribed client got only ${singleValues.length} values`);
    assert.ok(Math.abs(doubleValues.length - singleValues.length) <= 1,
        `double-subscribed client got ${doubleValues.length} values, single-subscribed ${singleValues.length}`);
});

test("one client's unsubscribe does not stop another client's stream", async () => {
    const first = await connectData(server.port);
    const second = await connectData(server.port);
    assert.deepEqual(await ack(first.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.deepEqual(await ack(second.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    await nextEvent(second.socket, 'randomNumber');
    assert.deepEqual(await ack(second.socket, 'unsubscribeRandomNumber'), SUBSCRIBED);
    await sleep(DRAIN_MS);
    const firstValues = recordRandom(first.socket);
    const secondValues = recordRandom(second.socket);
    await sleep(WINDOW_MS);
    assert.ok(firstValues.length >= 3, `first client got only ${firstValues.length} values after the second unsubscribed`);
    assert.deepEqual(secondValues, [], 'the unsubscribed client still receives randomNumber');
});

test('unsubscribeRandomNumber stops the stream', async () => {
    const { socket } = await connectData(server.port);
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    await nextEvent(socket, 'randomNumber');
    assert.deepEqual(await ack(socket, 'unsubscribeRandomNumber'), SUBSCRIBED);
    await sleep(DRAIN_MS);
    const values = recordRandom(socket);
    await sleep(WINDOW_MS);
    assert.deepEqual(values, [], 'randomNumber still arrives after unsubscribeRandomNumber');
    assert.equal(socket.connected, true);
});

test('disconnecting one client does not affect the other', async () => {
    const staying = await connectData(server.port);
    const leaving = await connectData(server.port);
    assert.deepEqual(await ack(staying.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.deepEqual(await ack(leaving.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    await nextEvent(leaving.socket, 'randomNumber');
    let stayingDisconnected = false;
    staying.socket.on('disconnect', () => { stayingDisconnected = true; });
    leaving.socket.disconnect();
    const values = recordRandom(staying.socket);
    await sleep(WINDOW_MS);
    assert.equal(stayingDisconnected, false, 'the other client was disconnected');
    assert.equal(staying.socket.connected, true);
    assert.ok(values.length >= 3, `remaining client got only ${values.length} values`);
    // The server keeps serving: its acks still arrive and new clients still join.
    assert.deepEqual(await ack(staying.socket, 'subscribeRandomNumber'), SUBSCRIBED);
    const late = await connectData(server.port);
    assert.equal(late.text, WELCOME);
});

test('a namespace other than /data gets connect_error "Invalid namespace"', async () => {
    const socket = connect(server.port, '/other');
    let connected = false;
    socket.on('connect', () => { connected = true; });
    const [error] = await nextEvent(socket, 'connect_error');
    assert.ok(error instanceof Error, `connect_error gave ${error}`);
    assert.equal(error.message, 'Invalid namespace');
    assert.equal(connected, false);
    assert.equal(socket.connected, false);
});

test('SIGTERM disconnects clients with 1001 and exits 0 within 2 s', async () => {
    const own = await startServer();
    const { socket } = await connectData(own.port);
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    const disconnected = nextEvent(socket, 'disconnect', 2000);
    disconnected.catch(() => {}); // awaited below, after the exit check
    own.child.kill('SIGTERM');
    const exit = await withTimeout(own.exited, 2000, () => `datagate still running 2 s after SIGTERM:\n${own.log}`);
    assert.deepEqual(exit, { code: 0, signal: null }, `datagate exit after SIGTERM:\n${own.log}`);
    const [reason, details] = await disconnected;
    // "io server disconnect" would need a Socket.IO DISCONNECT packet; the gateway closes
    // the transport, which the client reports as "transport close".
    assert.equal(reason, 'transport close');
    assert.equal(details?.context?.code, 1001, `WebSocket close code: ${details?.context?.code}`);
    assert.equal(socket.connected, false);
});

test('an invalid packet closes with 1002 every time, even while the client keeps emitting', async () => {
    // The server reads what the client still sends after its close frame
    // instead of resetting the connection, so the close code always arrives.
    const codes = [];
    for (let i = 0; i < 20; i++) {
        const { socket } = await connectData(server.port);
        const disconnected = nextEvent(socket, 'disconnect');
        socket.io.engine.send('abc'); // the Engine.IO message "4abc": not a Socket.IO packet
        for (let j = 0; j < 5; j++)
            socket.emit('unsubscribeRandomNumber');
        const [reason, details] = await disconnected;
        assert.equal(reason, 'transport close');
        codes.push(details?.context?.code);
    }
    assert.deepEqual(codes, new Array(20).fill(1002), `close codes seen: ${JSON.stringify(codes)}`);
});

test('a numeric event name is an unknown event, as socket.io servers accept it', async () => {
    const { socket } = await connectData(server.port);
    assert.deepEqual(await ack(socket, 1), { ok: false, error: 'unknown_event' });
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    assert.equal(socket.connected, true);
});

test("the server's heartbeat is answered by the client and keeps it connected", async () => {
    const own = await startServer(['--btc-providers', 'simulated', '--ping-interval', '100', '--ping-timeout', '200']);
    const { socket } = await connectData(own.port);
    let pings = 0;
    socket.io.engine.on('ping', () => { pings += 1; });
    let disconnected = false;
    socket.on('disconnect', () => { disconnected = true; });
    await sleep(1000);
    // About ten rounds; half of them leaves room for a loaded machine.
    assert.ok(pings >= 5, `only ${pings} pings in 1 s at a 100 ms interval`);
    assert.equal(disconnected, false);
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    own.child.kill('SIGTERM');
    await own.exited;
});

test('a flood past the message rate gets an "error" event, then a 1008 close', async () => {
    const own = await startServer(['--btc-providers', 'simulated', '--client-message-rate', '1', '--client-message-burst', '3']);
    const { socket } = await connectData(own.port); // joining /data took one of the three
    const error = nextEvent(socket, 'error');
    const disconnected = nextEvent(socket, 'disconnect');
    for (let i = 0; i < 6; i++)
        socket.emit('subscribeRandomNumber');
    const [payload] = await error;
    assert.equal(payload?.code, 'rate_limited', `error event: ${JSON.stringify(payload)}`);
    const [reason, details] = await disconnected;
    assert.equal(reason, 'transport close');
    assert.equal(details?.context?.code, 1008, `WebSocket close code: ${details?.context?.code}`);
    own.child.kill('SIGTERM');
    await own.exited;
});

// A fake CoinGecko on loopback, serving the provider's real response shape.
async function startFakeCoinGecko(price) {
    const fake = { requests: 0 };
    fake.server = http.createServer((request, response) => {
        fake.requests += 1;
        if (!request.url.startsWith('/api/v3/simple/price')) {
            response.writeHead(404).end();
            return;
        }
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ bitcoin: { usd: price } }));
    });
    await new Promise((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${fake.server.address().port}/api/v3/simple/price?ids=bitcoin&vs_currencies=usd`;
    return fake;
}

test('subscribeBitcoinPrice delivers the last known price at once, from one upstream poll for all', async () => {
    const PRICE = 97123.45;
    const fake = await startFakeCoinGecko(PRICE);
    try {
        // A poll interval far longer than the test: any price that arrives came
        // from the first poll and was sent on subscribe, not on a later poll.
        const own = await startServer(['--btc-providers', 'coingecko', '--btc-url', `coingecko=${fake.url}`,
            '--btc-interval', '600000']);
        const deadline = Date.now() + 5000;
        while (fake.requests === 0 && Date.now() < deadline)
            await sleep(20);
        assert.equal(fake.requests, 1, 'datagate did not poll the fake upstream at start');

        const clients = [];
        for (let i = 0; i < 5; i++)
            clients.push((await connectData(own.port)).socket);
        for (const socket of clients) {
            const price = nextEvent(socket, 'bitcoinPrice', 1000);
            assert.deepEqual(await ack(socket, 'subscribeBitcoinPrice'), { ok: true, stream: 'bitcoinPrice' });
            const [value] = await price;
            assert.equal(value, PRICE, `bitcoinPrice was ${JSON.stringify(value)}`);
        }
        assert.equal(fake.requests, 1, 'subscribers caused upstream requests');
        own.child.kill('SIGTERM');
        await own.exited;
    } finally {
        await new Promise((resolve) => fake.server.close(resolve));
    }
});

// Connection state recovery (--sio-recovery), as socket.io 4.6+ servers do
// it: the client's own socket.recovered, the missed events after its
// transport drops, and a fresh session once the window has passed.

// A client that reconnects by itself, after exactly delayMs.
function connectReconnecting(port, delayMs) {
    const socket = io(`http://127.0.0.1:${port}/data`, {
        transports: ['websocket'],
        forceNew: true,
        timeout: EVENT_TIMEOUT_MS,
        reconnectionDelay: delayMs,
        reconnectionDelayMax: delayMs,
        randomizationFactor: 0,
    });
    sockets.add(socket);
    return socket;
}

// The randomNumber seq an offset names: its first part (the streams are in the
// order the welcome of /ws lists them, randomNumber first).
function randomSeq(offset) {
    assert.equal(typeof offset, 'string', `the last argument ${JSON.stringify(offset)} is not an offset`);
    return Number(offset.split('-')[0]);
}

test('with --sio-recovery, a dropped transport is recovered: same session, every missed event once and in order', async () => {
    const own = await startServer(['--btc-providers', 'simulated', '--sio-recovery']);
    // Away for about six ticks.
    const socket = connectReconnecting(own.port, 6 * INTERVAL_MS);
    await joined(socket);
    assert.equal(socket.recovered, false);
    const firstId = socket.id;
    const received = []; // [seq, ms after the reconnection (or before it: negative)]
    let reconnectedAt = null;
    socket.on('randomNumber', (value, offset) => {
        assert.ok(Number.isInteger(value) && value >= 0 && value <= 99, `randomNumber ${value}`);
        received.push([randomSeq(offset), reconnectedAt === null ? -1 : Date.now() - reconnectedAt]);
    });
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    while (received.length < 3)
        await sleep(INTERVAL_MS / 2);

    const reconnected = nextEvent(socket, 'connect', 6 * INTERVAL_MS + EVENT_TIMEOUT_MS);
    // Set at once: the missed events come in the same read as the CONNECT
    // answer, before an await after 'connect' would resume.
    socket.once('connect', () => {
        reconnectedAt = Date.now();
    });
    const [reason] = await (async () => {
        const dropped = nextEvent(socket, 'disconnect');
        socket.io.engine.close();
        return dropped;
    })();
    // How socket.io-client names a transport it closed itself.
    assert.equal(reason, 'forced close');
    await reconnected;
    assert.equal(socket.recovered, true, `not recovered:\n${own.log}`);
    assert.equal(socket.id, firstId);

    // No subscribe after the reconnection: the session kept it.
    await sleep(4 * INTERVAL_MS);
    const seqs = received.map(([seq]) => seq);
    for (let i = 1; i < seqs.length; i++)
        assert.equal(seqs[i], seqs[i - 1] + 1, `a gap or a duplicate: ${JSON.stringify(seqs)}`);
    // What was missed arrived at once, before the next live tick could have.
    const replayed = received.filter(([, at]) => at >= 0 && at < INTERVAL_MS / 2).length;
    assert.ok(replayed >= 3, `only ${replayed} events right after the reconnection: ${JSON.stringify(received)}`);
    own.child.kill('SIGTERM');
    await own.exited;
});

test('with --sio-recovery, a client back after the window gets a fresh session', async () => {
    const own = await startServer(['--btc-providers', 'simulated', '--sio-recovery', '--sio-recovery-window', '300']);
    const socket = connectReconnecting(own.port, 1000);
    await joined(socket);
    const firstId = socket.id;
    let events = 0;
    socket.on('randomNumber', () => events++);
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    const reconnected = nextEvent(socket, 'connect', 1000 + EVENT_TIMEOUT_MS);
    socket.io.engine.close();
    await reconnected;
    assert.equal(socket.recovered, false);
    assert.notEqual(socket.id, firstId);
    // A fresh session has no subscriptions.
    events = 0;
    await sleep(WINDOW_MS);
    assert.equal(events, 0);
    own.child.kill('SIGTERM');
    await own.exited;
});

// Cluster mode (--redis): a client of instance A that comes back through the
// load balancer to instance B is recovered there. A real redis-server in a
// temporary directory, and a TCP proxy in front of the two instances that
// sends each new connection to whichever the test names (the load balancer).
async function startRedis() {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'datagate-compat-redis-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: ['ignore', 'pipe', 'ignore'] });
    const started = await new Promise((resolve) => {
        let log = '';
        const timer = setTimeout(() => resolve(false), 5000);
        child.on('error', () => { clearTimeout(timer); resolve(false); });
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            log += chunk;
            if (/Ready to accept connections/.test(log)) {
                clearTimeout(timer);
                resolve(true);
            }
        });
    });
    return started ? { child, port } : null;
}

async function waitReady(port) {
    for (let i = 0; i < 100; i++) {
        const status = await new Promise((resolve) => {
            http.get(`http://127.0.0.1:${port}/readyz`, (res) => { res.resume(); resolve(res.statusCode); }).on('error', () => resolve(0));
        });
        if (status === 200)
            return;
        await sleep(50);
    }
    throw new Error(`instance on port ${port} never became ready`);
}

function balancer() {
    const proxy = { target: 0, connections: new Set() };
    proxy.server = net.createServer((client) => {
        const upstream = net.connect(proxy.target, '127.0.0.1');
        proxy.connections.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => { client.destroy(); upstream.destroy(); };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
    });
    return new Promise((resolve) => proxy.server.listen(0, '127.0.0.1', () => { proxy.port = proxy.server.address().port; resolve(proxy); }));
}

test('in a cluster, with --sio-recovery, a client of instance A is recovered on instance B', async (t) => {
    const redis = await startRedis();
    if (!redis) {
        t.skip('no redis-server to run a cluster with');
        return;
    }
    const proxy = await balancer();
    try {
        const args = (id) => ['--btc-providers', 'simulated', '--sio-recovery', '--redis', `redis://127.0.0.1:${redis.port}`,
            '--redis-lease-ttl', '1000', '--redis-instance-id', id];
        const a = await startServer(args('a'));
        const b = await startServer(args('b'));
        await waitReady(a.port);
        await waitReady(b.port);

        proxy.target = a.port;
        const socket = connectReconnecting(proxy.port, 6 * INTERVAL_MS);
        await joined(socket);
        const firstId = socket.id;
        const seqs = [];
        socket.on('randomNumber', (value, offset) => seqs.push(randomSeq(offset)));
        assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
        while (seqs.length < 3)
            await sleep(INTERVAL_MS / 2);

        // The balancer sends the reconnection to B.
        proxy.target = b.port;
        const before = seqs.length;
        const reconnected = nextEvent(socket, 'connect', 6 * INTERVAL_MS + EVENT_TIMEOUT_MS);
        socket.io.engine.close();
        await reconnected;
        assert.equal(socket.recovered, true, `not recovered on B:\n${b.log}`);
        assert.equal(socket.id, firstId);
        // About six missed while away, then live.
        await sleep(4 * INTERVAL_MS);
        assert.ok(seqs.length >= before + 8, `too few events after the reconnection: ${JSON.stringify(seqs)}`);
        for (let i = 1; i < seqs.length; i++)
            assert.equal(seqs[i], seqs[i - 1] + 1, `a gap or a duplicate: ${JSON.stringify(seqs)}`);
        socket.disconnect();
        for (const own of [a, b]) {
            own.child.kill('SIGTERM');
            await own.exited;
        }
    } finally {
        // A failed assertion leaves the client connected through the proxy.
        for (const connection of proxy.connections)
            connection.destroy();
        await new Promise((resolve) => proxy.server.close(resolve));
        redis.child.kill('SIGKILL');
    }
});

test('without --sio-recovery, events carry no offset and a reconnection is a new session', async () => {
    const socket = connectReconnecting(server.port, 200);
    const welcome = nextEvent(socket, 'message');
    await joined(socket);
    assert.deepEqual(await welcome, [WELCOME]);
    const firstId = socket.id;
    assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
    const args = await nextEvent(socket, 'randomNumber');
    assert.equal(args.length, 1, `randomNumber arguments: ${JSON.stringify(args)}`);
    const reconnected = nextEvent(socket, 'connect', 200 + EVENT_TIMEOUT_MS);
    socket.io.engine.close();
    await reconnected;
    // undefined: the server gave no pid, so there was nothing to recover.
    assert.ok(!socket.recovered);
    assert.notEqual(socket.id, firstId);
});

// Access control (docs/security.md): the token in socket.io-client's `auth`
// option, as a static token or an HS256 JWT.
const JWT_SECRET = 'compat-test-secret-of-32-bytes-at-least';
const STATIC_TOKEN = 'compat-static-token';

function base64Url(text) {
    return Buffer.from(text).toString('base64url');
}

function jwt(claims, secret = JWT_SECRET) {
    const signingInput = `${base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64Url(JSON.stringify(claims))}`;
    return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

async function startAuthServer(extraArgs = []) {
    const dir = mkdtempSync(join(tmpdir(), 'datagate-compat-'));
    writeFileSync(join(dir, 'tokens'), `# compat\n${STATIC_TOKEN}\n`);
    writeFileSync(join(dir, 'secret'), `${JWT_SECRET}\n`);
    return startServer(['--btc-providers', 'simulated', '--auth-token-file', join(dir, 'tokens'),
        '--jwt-secret-file', join(dir, 'secret'), ...extraArgs]);
}

test('with tokens required, a good token joins /data; a JWT outside its streams gets {ok:false, error:"forbidden"}', async () => {
    const own = await startAuthServer();
    const good = connect(own.port, '/data', { token: STATIC_TOKEN });
    await joined(good);
    assert.deepEqual(await ack(good, 'subscribeRandomNumber'), SUBSCRIBED);

    const limited = connect(own.port, '/data', { token: jwt({ streams: ['randomNumber'], exp: Math.floor(Date.now() / 1000) + 3600 }) });
    await joined(limited);
    assert.deepEqual(await ack(limited, 'subscribeBitcoinPrice'), { ok: false, error: 'forbidden' });
    assert.deepEqual(await ack(limited, 'subscribeRandomNumber'), SUBSCRIBED);
    await nextEvent(limited, 'randomNumber');
});

test('with tokens required, a bad, missing or wrongly signed token gets connect_error "unauthorized"', async () => {
    const own = await startAuthServer();
    const cases = [
        [{ token: 'wrong' }, 'malformed token'],
        [undefined, 'a token is required'],
        [{ token: jwt({}, 'another-secret-of-32-bytes-at-least!') }, 'invalid token signature'],
        [{ token: jwt({ exp: Math.floor(Date.now() / 1000) - 3600 }) }, 'token expired'],
    ];
    for (const [auth, reason] of cases) {
        const socket = connect(own.port, '/data', auth);
        const [error] = await nextEvent(socket, 'connect_error');
        assert.ok(error instanceof Error, `connect_error gave ${error}`);
        assert.equal(error.message, 'unauthorized');
        assert.equal(error.data?.reason, reason);
        assert.equal(socket.connected, false);
    }
    // Meanwhile a good client is served.
    const { socket } = await connectDataWith(own.port, { token: STATIC_TOKEN });
    assert.equal(socket.connected, true);
});

test('a JWT that expires while connected ends in a server disconnect, which the client does not retry', async () => {
    const own = await startAuthServer(['--jwt-leeway', '0']);
    const socket = connect(own.port, '/data', { token: jwt({ exp: (Date.now() + 1200) / 1000 }) });
    await joined(socket);
    const [reason] = await nextEvent(socket, 'disconnect', 5000);
    assert.equal(reason, 'io server disconnect');
    assert.equal(socket.active, false);
});

async function connectDataWith(port, auth) {
    const socket = connect(port, '/data', auth);
    const welcome = nextEvent(socket, 'message');
    welcome.catch(() => {});
    await joined(socket);
    const [text] = await welcome;
    return { socket, text };
}

test('over wss:// (--tls-cert), the client trusting the CA connects, subscribes and gets the stream', async () => {
    const dir = process.env.DATAGATE_TLS_DIR;
    assert.ok(dir, 'DATAGATE_TLS_DIR must name tests/support/tls');
    const tlsServer = await startServer(['--tls-cert', `${dir}/a.pem`, '--tls-key', `${dir}/a.key`, '--btc-providers', 'simulated']);
    try {
        // Trusting only the test CA: the certificate and its chain are verified.
        const { socket, text } = await connectData(tlsServer.port, { ca: readFileSync(`${dir}/ca.pem`) });
        assert.equal(text, WELCOME);
        const values = recordRandom(socket);
        assert.deepEqual(await ack(socket, 'subscribeRandomNumber'), SUBSCRIBED);
        await sleep(WINDOW_MS);
        assert.ok(values.length >= 3, `expected about ${WINDOW_MS / INTERVAL_MS} values in ${WINDOW_MS} ms, got ${values.length}`);
        // Without the CA the certificate is refused: it is really TLS, with this identity.
        const untrusting = connect(tlsServer.port, '/data', undefined, { rejectUnauthorized: true });
        await assert.rejects(joined(untrusting));
    } finally {
        tlsServer.child.kill('SIGTERM');
        await tlsServer.exited;
    }
});
