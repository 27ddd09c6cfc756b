// The Node contender of section 3 and 5: ocpp-rpc in strict mode (every inbound call and every
// outbound response validated against the library's bundled schemas of the version the client
// chose: OCPP 1.6 or 2.0.1), as a central system on 127.0.0.1 answering with the constant
// payloads it is given.
//
// `node central_system.js REPLIES_JSON` where REPLIES_JSON maps each subprotocol the server
// offers, in its order of preference, to a map of each action to its reply payload
// (bench/traffic.py). Speaks the same line protocol as bench/central_system.py: tells {"port"}
// once it listens and {"peak_rss_bytes"} when it stops on SIGTERM.
'use strict';

const { RPCServer } = require('ocpp-rpc');

function tell(message) {
    process.stdout.write(JSON.stringify(message) + '\n');
}

async function main() {
    const replies = JSON.parse(process.argv[2]);
    const server = new RPCServer({ protocols: Object.keys(replies), strictMode: true });
    server.on('client', (client) => {
        for (const [action, payload] of Object.entries(replies[client.protocol])) {
            client.handle(action, () => payload);
        }
    });
    const httpServer = await server.listen(0, '127.0.0.1');
    process.on('SIGTERM', () => {
        // resourceUsage().maxRSS is in kibibytes, as Linux's getrusage reports it.
        tell({ peak_rss_bytes: process.resourceUsage().maxRSS * 1024 });
        process.exit(0);
    });
    // The start-up's garbage is collected before the orchestrator's first memory reading (node
    // runs with --expose-gc), so that memory per connection counts what connections add.
    global.gc();
    tell({ port: httpServer.address().port });
}

main().catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
});
