// A tiny OCI registry for the mirror test, run by `node registry-stub.js MIRROR_PORT UPSTREAM_PORT` inside the
// test daemon's network namespace. Both servers listen on 127.0.0.1.
// - The mirror serves one small image (an empty layer) under any repository and tag.
// - The upstream serves nothing: it only reports connections, so the test sees whether the daemon went there.
// Every event is one JSON line on stdout: {"event":"listening"}, {"event":"request",...}, {"event":"connection",...}.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const zlib = require('node:zlib');

const [mirrorPort, upstreamPort] = process.argv.slice(2).map(Number);

const GO_ARCH = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

function sha256(buffer) {
  return `sha256:${crypto.createHash('sha256').update(buffer).digest('hex')}`;
}

// An empty tar archive is two zero blocks; its gzip is the one layer.
const tar = Buffer.alloc(1024);
const layer = zlib.gzipSync(tar, { level: 9 });
const config = Buffer.from(JSON.stringify({
  architecture: GO_ARCH[process.arch] || process.arch,
  os: 'linux',
  config: {},
  rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
}));
const manifest = Buffer.from(JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
  layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length }],
}));
const blobs = new Map([[sha256(config), config], [sha256(layer), layer]]);

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function send(req, res, status, body, headers) {
  res.writeHead(status, { 'Content-Length': body.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const mirror = http.createServer((req, res) => {
  emit({ event: 'request', server: 'mirror', method: req.method, url: req.url });
  const path = new URL(req.url, 'http://stub').pathname;
  if (path === '/v2/' || path === '/v2') {
    send(req, res, 200, Buffer.from('{}'), { 'Content-Type': 'application/json', 'Docker-Distribution-API-Version': 'registry/2.0' });
    return;
  }
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(path)) {
    send(req, res, 200, manifest, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': sha256(manifest) });
    return;
  }
  const blob = /^\/v2\/.+\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path);
  if (blob && blobs.has(blob[1])) {
    send(req, res, 200, blobs.get(blob[1]), { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': blob[1] });
    return;
  }
  send(req, res, 404, Buffer.from('{"errors":[{"code":"NOT_FOUND"}]}'), { 'Content-Type': 'application/json' });
});

const upstream = http.createServer((req, res) => {
  emit({ event: 'request', server: 'upstream', method: req.method, url: req.url });
  send(req, res, 404, Buffer.from('{"errors":[{"code":"NOT_FOUND"}]}'), { 'Content-Type': 'application/json' });
});
upstream.on('connection', () => emit({ event: 'connection', server: 'upstream' }));
// A TLS client hello on this plain-HTTP server is a parse error; the connection was still made.
upstream.on('clientError', (error, socket) => socket.destroy());

let listening = 0;
for (const [server, port] of [[mirror, mirrorPort], [upstream, upstreamPort]]) {
  server.listen(port, '127.0.0.1', () => {
    listening += 1;
    if (listening === 2) emit({ event: 'listening', configDigest: sha256(config) });
  });
}

// Stops by itself if the test never does, so no stray process outlives a failed run.
setTimeout(() => process.exit(0), 120000).unref();
process.on('SIGTERM', () => process.exit(0));
