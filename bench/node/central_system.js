// The Node contender of section 3 and 5: ocpp-rpc in strict mode (every inbound call and every
// outbound response validated against the library's bundled schemas of the version the client
// chose: OCPP 1.6, 2.0.1 or 2.1), as a central system on 127.0.0.1 answering with the constant
// payloads it is given.
//
// `node central_system.js REPLIES_JSON` where REPLIES_JSON maps each subprotocol the server
// offers, in its order of preference, to a map of each action to its reply payload
// (bench/traffic.py). Speaks the same line protocol as bench/central_system.py: tells {"port"}
// once it listens and {"peak_rss_bytes"} when it stops on SIGTERM.
'use strict';

const { RPCServer, createValidator } = require('ocpp-rpc');

// ocpp-rpc 2.2.1 bundles the OCPP 2.1 schemas under the ids the 2.1 files carry
// (`urn:HeartbeatRequest`, `urn:HeartbeatResponse`), but its strict mode looks every schema up
// as `urn:Heartbeat.req` / `urn:Heartbeat.conf`, so each 2.1 call would be answered with a
// ProtocolError. The same bundled schemas under the ids strict mode looks up, given as its own
// validator for ocpp2.1 (a validator given for a subprotocol replaces the bundled one).
// The 2.1 enum definitions also carry `additionalProperties`, which constrains objects only and
// so never an enum's string: dropped where a definition names a type other than object, as Ajv
// would otherwise warn of each on stderr.
function ocpp21Validator() {
    const bundled = require('ocpp-rpc/lib/schemas/ocpp2_1.json');
    const renamed = bundled.map((schema) => ({
        ...schema,
        $id: schema.$id.replace(/Request$/, '.req').replace(/Response$/, '.conf'),
        definitions: Object.fromEntries(
            Object.entries(schema.definitions ?? {}).map(([name, definition]) => [name, withoutObjectOnly(definition)])
        ),
    }));
    return createValidator('ocpp2.1', renamed);
}

function withoutObjectOnly(definition) {
    if (definition.type === undefined || definition.type === 'object') {
        return definition;
    }
    const { additionalProperties, ...rest } = definition;
    return rest;
}

function tell(message) {
    process.stdout.write(JSON.stringify(message) + '\n');
}

async function main() {
    const replies = JSON.parse(process.argv[2]);
    const protocols = Object.keys(replies);
    const strictModeValidators = protocols.includes('ocpp2.1') ? [ocpp21Validator()] : [];
    const server = new RPCServer({ protocols, strictMode: true, strictModeValidators });
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
