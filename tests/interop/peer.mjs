#!/usr/bin/env node
// The peer client of CouponDesk's interop test and benchmark: the npm package
// `wechatpay-axios-plugin` (TheNorthMemory), a WeChat Pay APIv3 SDK written by others, talking to
// `wechatpay-sim` with the client settings file the simulator writes (--write-client-config).
//
// Round trips (tests/interop/test_interop_axios.cpp runs this; exit status 0 = every check held):
//   node peer.mjs --prefix DIR --ini client.ini --use CODE --deactivate CODE --wrong-key CODE \
//                 [--other CODE=USE_REQUEST_NO]... [--mode platform-cert|public-key]
// Benchmark (scripts/bench.sh): N redemptions one after the other, CPU time of this process:
//   node peer.mjs --prefix DIR --ini client.ini --bench N --bench-prefix PREFIX [--warmup W --warmup-prefix P]
//
// --prefix is the folder holding node_modules (default: this file's folder). The last line on
// stdout is one JSON object with the result; progress goes to stderr.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes, generateKeyPairSync, X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const args = { other: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if (!name.startsWith('--')) throw new Error(`unexpected argument ${name}`);
    const key = name.slice(2);
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${name} needs a value`);
    i += 1;
    if (key === 'other') args.other.push(value);
    else args[key] = value;
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const prefix = resolve(args.prefix || dirname(fileURLToPath(import.meta.url)));
const require = createRequire(pathToFileURL(join(prefix, 'package.json')));
const { Wechatpay, Rsa, Aes: { AesGcm } } = require('wechatpay-axios-plugin');
const pluginVersion = require('wechatpay-axios-plugin/package.json').version;
const axiosVersion = require('axios').VERSION;

const log = (...what) => process.stderr.write(`peer: ${what.join(' ')}\n`);

// ------------------------------------------------------------------ the client settings (QSettings INI)

function unquote(value) {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  const escapes = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };
  return value.slice(1, -1).replace(/\\(x[0-9a-fA-F]{1,4}|.)/g, (all, e) => (
    e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : (escapes[e] ?? e)));
}

function readIni(path) {
  const out = {};
  let section = '';
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line && !line.startsWith(';') && !line.startsWith('#')) {
      const header = /^\[(.*)\]$/.exec(line);
      const eq = line.indexOf('=');
      if (header) section = header[1] === 'General' ? '' : header[1];
      else if (eq > 0) out[(section ? `${section}/` : '') + line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
    }
  }
  return out;
}

if (!args.ini) throw new Error('--ini FILE is required (the file wechatpay-sim --write-client-config wrote)');
const ini = readIni(args.ini);
const baseURL = ini['api/base_url'].replace(/\/*$/, '/');
const mode = args.mode || ini['verify/mode'] || 'platform-cert';
const mchid = ini['merchant/mchid'];
const appid = ini['merchant/appid'];
const merchantSerial = ini['merchant/cert_serial'];
const merchantKey = readFileSync(ini['merchant/private_key_file']);
const apiV3Key = ini['verify/apiv3_key'];

// ------------------------------------------------------------------ helpers

const requestNo = (tag) => `PEER${tag}${randomBytes(10).toString('hex')}`.slice(0, 32);

// RFC 3339 in +08:00, as WeChat Pay writes times.
function useTime(date = new Date()) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000).toISOString();
  return `${t.slice(0, 19)}+08:00`;
}

function describe(error) {
  if (error && error.response) {
    const { status, data } = error.response;
    return `${error.code || 'HTTP'} ${status} ${typeof data === 'string' ? data : JSON.stringify(data)}`;
  }
  return String(error && error.stack ? error.stack : error);
}

async function control(path, init = {}) {
  const response = await fetch(new URL(path, baseURL), init);
  assert.equal(response.status, 200, `control ${path}: HTTP ${response.status}`);
  return response.json();
}

async function truth(code) {
  const list = await control(`__sim/coupons?coupon_code=${encodeURIComponent(code)}`);
  assert.equal(list.length, 1, `the simulator knows coupon ${code}`);
  return list[0];
}

function client(certs, extra = {}) {
  const config = {
    baseURL,
    mchid,
    serial: merchantSerial,
    privateKey: merchantKey,
    certs,
    timeout: 10000,
    ...extra,
  };
  if (mode === 'public-key') {
    // Answers are signed with the WeChat Pay public key when the request names it (§1.4).
    config.headers = { 'Wechatpay-Serial': ini['verify/public_key_id'], ...(extra.headers || {}) };
  }
  return { wxpay: new Wechatpay(config), config };
}

// Mode A bootstrap, as a merchant without certificates does it: download /v3/certificates, decrypt
// each one with the APIv3 key (AEAD_AES_256_GCM) and let the plugin verify the download with the
// certificate it carries. `config.certs` is the live map the plugin's verifier reads.
async function downloadPlatformCertificates() {
  const { wxpay, config } = client({ bootstrap: undefined });
  const live = config.certs;
  const pems = {};
  const injector = (data) => {
    for (const item of (JSON.parse(data).data || [])) {
      const { serial_no: serial, encrypt_certificate: { nonce, associated_data: aad, ciphertext } } = item;
      pems[serial] = AesGcm.decrypt(ciphertext, apiV3Key, nonce, aad);
      live[serial] = Rsa.from(pems[serial], Rsa.KEY_TYPE_PUBLIC);
    }
    return data;
  };
  const response = await wxpay.v3.certificates.get({
    transformResponse: [injector, ...wxpay.client.v3.defaults.transformResponse],
  });
  assert.equal(response.status, 200);
  const serials = Object.keys(pems);
  assert.ok(serials.length >= 1, 'at least one platform certificate');
  assert.ok(serials.includes(response.headers['wechatpay-serial']), 'the download is signed by a certificate it carries');
  // The same certificate the simulator left in verify/platform_cert_dir.
  const dir = ini['verify/platform_cert_dir'];
  for (const serial of serials) {
    const onDisk = readdirSync(dir).find((f) => f.toUpperCase() === `${serial.toUpperCase()}.PEM`);
    assert.ok(onDisk, `${serial}.pem in ${dir}`);
    assert.equal(new X509Certificate(pems[serial]).fingerprint256,
      new X509Certificate(readFileSync(join(dir, onDisk))).fingerprint256, `certificate ${serial} matches the file`);
  }
  return pems;
}

async function trustedKeys() {
  if (mode === 'public-key') {
    const id = ini['verify/public_key_id'];
    return { certs: { [id]: readFileSync(ini['verify/public_key_file']) }, serial: id, downloaded: [] };
  }
  const pems = await downloadPlatformCertificates();
  const serials = Object.keys(pems);
  return { certs: pems, serial: serials[0], downloaded: serials };
}

async function expectRejected(promise, what) {
  try {
    const r = await promise;
    assert.fail(`${what}: expected a failure, got HTTP ${r.status}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error;
  }
}

// ------------------------------------------------------------------ round trips

async function roundTrips() {
  for (const name of ['use', 'deactivate', 'wrong-key']) {
    if (!args[name]) throw new Error(`--${name} CODE is required`);
  }
  const steps = [];
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      const detail = await fn();
      steps.push({ name, ok: true, ms: Date.now() - started, ...(detail || {}) });
      log(`ok   ${name}`);
      return detail;
    } catch (error) {
      steps.push({ name, ok: false, error: describe(error) });
      log(`FAIL ${name}: ${describe(error)}`);
      throw Object.assign(new Error(`${name} failed`), { steps });
    }
  };

  const keys = await step(mode === 'public-key' ? 'load WeChat Pay public key' : 'download platform certificates (GET /v3/certificates)',
    async () => trustedKeys());
  const { wxpay } = client(keys.certs);
  const signedBy = (response) => {
    assert.equal(response.headers['wechatpay-serial'], keys.serial, 'answer signed by the expected key');
    return response.headers['wechatpay-serial'];
  };

  const useCode = args.use;
  const useInfo = await truth(useCode);
  const useBody = {
    coupon_code: useCode,
    stock_id: useInfo.stock_id,
    appid,
    use_time: useTime(),
    use_request_no: requestNo('U'),
    openid: useInfo.openid,
  };
  await step('use (POST /v3/marketing/busifavor/coupons/use)', async () => {
    const r = await wxpay.v3.marketing.busifavor.coupons.use.post(useBody);
    assert.equal(r.status, 200);
    assert.equal(r.data.stock_id, useInfo.stock_id);
    assert.equal(r.data.openid, useInfo.openid);
    assert.match(r.data.wechatpay_use_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    return { status: r.status, serial: signedBy(r), use_request_no: useBody.use_request_no, body: r.data };
  });
  await step('use again, same request number and body (a retry)', async () => {
    const r = await wxpay.v3.marketing.busifavor.coupons.use.post(useBody);
    assert.equal(r.status, 200);
    assert.equal(r.data.stock_id, useInfo.stock_id);
    return { status: r.status, serial: signedBy(r) };
  });

  const voidCode = args.deactivate;
  const voidInfo = await truth(voidCode);
  const voidBody = {
    coupon_code: voidCode,
    stock_id: voidInfo.stock_id,
    deactivate_request_no: requestNo('D'),
    deactivate_reason: '互通测试：此券发放错误',  // non-ASCII: signed and sent as UTF-8
  };
  await step('deactivate (POST /v3/marketing/busifavor/coupons/deactivate)', async () => {
    const r = await wxpay.v3.marketing.busifavor.coupons.deactivate.post(voidBody);
    assert.equal(r.status, 200);
    assert.match(r.data.wechatpay_deactivate_time, /^\d{4}-\d\d-\d\dT/);
    return { status: r.status, serial: signedBy(r), deactivate_request_no: voidBody.deactivate_request_no };
  });

  const query = (code, openid) => wxpay.v3.marketing.busifavor.users._openid_.coupons._coupon_code_.appids._appid_
    .get({ openid, coupon_code: code, appid });
  await step('query the redeemed coupon (GET …/users/{openid}/coupons/{coupon_code}/appids/{appid})', async () => {
    const r = await query(useCode, useInfo.openid);
    assert.equal(r.status, 200);
    assert.equal(r.data.coupon_code, useCode);
    assert.equal(r.data.coupon_state, 'USED');
    assert.equal(r.data.use_request_no, useBody.use_request_no);
    return { status: r.status, serial: signedBy(r), coupon_state: r.data.coupon_state };
  });
  await step('query the voided coupon', async () => {
    const r = await query(voidCode, voidInfo.openid);
    assert.equal(r.status, 200);
    assert.equal(r.data.coupon_state, 'DEACTIVATED');
    assert.equal(r.data.deactivate_request_no, voidBody.deactivate_request_no);
    return { status: r.status, serial: signedBy(r), coupon_state: r.data.coupon_state };
  });
  for (const spec of args.other) {
    const [code, otherRequestNo] = spec.split('=');
    await step(`query ${code}, redeemed by the other client`, async () => {
      const info = await truth(code);
      const r = await query(code, info.openid);
      assert.equal(r.status, 200);
      assert.equal(r.data.coupon_state, 'USED');
      assert.equal(r.data.use_request_no, otherRequestNo);
      return { status: r.status, serial: signedBy(r), coupon_state: r.data.coupon_state };
    });
  }

  // The plugin really verifies: a forged signature and a wrong key under the right serial are refused.
  await step('an answer with a bad signature is refused (fault bad_signature)', async () => {
    await control('__sim/faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: 'query', fault: 'bad_signature', count: 1 }),
    });
    const error = await expectRejected(query(useCode, useInfo.openid), 'bad_signature');
    assert.equal(error.code, 'EV3_RES_HEADER_SIGNATURE_DIGEST', describe(error));
    return { rejected_with: error.code };
  });
  await step('an answer checked against a wrong key is refused', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const { wxpay: suspicious } = client({ [keys.serial]: stranger });
    const error = await expectRejected(suspicious.v3.marketing.busifavor.users._openid_.coupons._coupon_code_.appids._appid_
      .get({ openid: useInfo.openid, coupon_code: useCode, appid }), 'wrong verification key');
    assert.equal(error.code, 'EV3_RES_HEADER_SIGNATURE_DIGEST', describe(error));
    return { rejected_with: error.code };
  });

  // A request signed with a key that is not the merchant's: 401 SIGN_ERROR, nothing changes.
  const wrongCode = args['wrong-key'];
  const wrongInfo = await truth(wrongCode);
  await step('a request signed with a wrong key gets 401 SIGN_ERROR', async () => {
    const impostorKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { wxpay: impostor } = client(keys.certs, { privateKey: impostorKey });
    const error = await expectRejected(impostor.v3.marketing.busifavor.coupons.use.post({
      coupon_code: wrongCode,
      stock_id: wrongInfo.stock_id,
      appid,
      use_time: useTime(),
      use_request_no: requestNo('X'),
    }), 'wrong key');
    assert.ok(error.response, describe(error));
    assert.equal(error.response.status, 401, describe(error));
    assert.equal(error.response.data.code, 'SIGN_ERROR', describe(error));
    const after = await truth(wrongCode);
    assert.equal(after.state, 'SENDED', 'the coupon is untouched');
    return { status: error.response.status, code: error.response.data.code };
  });

  await step("the simulator's truth", async () => {
    const used = await truth(useCode);
    assert.equal(used.state, 'USED');
    assert.equal(used.use_request_no, useBody.use_request_no);
    assert.deepEqual(used.applied, { [useBody.use_request_no]: 1 });
    const voided = await truth(voidCode);
    assert.equal(voided.state, 'DEACTIVATED');
    assert.equal(voided.deactivate_request_no, voidBody.deactivate_request_no);
  });

  return {
    ok: true,
    mode,
    peer: `wechatpay-axios-plugin@${pluginVersion} axios@${axiosVersion} node@${process.versions.node}`,
    use_request_no: useBody.use_request_no,
    deactivate_request_no: voidBody.deactivate_request_no,
    steps,
  };
}

// ------------------------------------------------------------------ benchmark

async function bench() {
  const n = Number(args.bench);
  const warmup = Number(args.warmup || 0);
  assert.ok(Number.isInteger(n) && n > 0, '--bench N');
  assert.ok(args['bench-prefix'], '--bench-prefix PREFIX');
  const all = await control('__sim/coupons');
  const pick = (p, count) => {
    const list = all.filter((c) => c.coupon_code.startsWith(p) && c.state === 'SENDED').slice(0, count);
    assert.equal(list.length, count, `${count} SENDED coupons whose code starts with ${p}`);
    return list;
  };
  const keys = await trustedKeys();
  const { wxpay } = client(keys.certs);
  const redeem = async (c) => {
    const r = await wxpay.v3.marketing.busifavor.coupons.use.post({
      coupon_code: c.coupon_code,
      stock_id: c.stock_id,
      appid,
      use_time: useTime(),
      use_request_no: requestNo('B'),
      openid: c.openid,
    });
    return r.status === 200;
  };
  for (const c of (warmup > 0 ? pick(args['warmup-prefix'], warmup) : [])) await redeem(c);
  const coupons = pick(args['bench-prefix'], n);

  let ok = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (const c of coupons) {
    try {
      if (await redeem(c)) ok += 1;
    } catch (error) {
      log(`redeem ${c.coupon_code}: ${describe(error)}`);
    }
  }
  const wallNs = Number(process.hrtime.bigint() - wall0);
  const cpu = process.cpuUsage(cpu0);
  return {
    bench: 'peer',
    peer: `wechatpay-axios-plugin@${pluginVersion} axios@${axiosVersion} node@${process.versions.node}`,
    mode,
    n,
    succeeded: ok,
    user_us: cpu.user,
    system_us: cpu.system,
    cpu_us_per_redemption: (cpu.user + cpu.system) / n,
    wall_ms: wallNs / 1e6,
  };
}

// ------------------------------------------------------------------ main

try {
  const result = args.bench ? await bench() : await roundTrips();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = result.ok === false || (result.succeeded !== undefined && result.succeeded !== result.n) ? 1 : 0;
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: describe(error), steps: error.steps || [] })}\n`);
  process.exitCode = 1;
}
