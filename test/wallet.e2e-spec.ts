import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import forge from 'node-forge';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { unzip } from './support/zip';

const api = (path: string) => `/api/v1${path}`;

/** A local CA standing in for Apple's WWDR, and a pass-signing certificate it issued. */
function appleCertificates() {
  const pki = forge.pki;
  const make = (
    subject: string,
    issuer: forge.pki.CertificateField[] | null,
    signer?: forge.pki.rsa.PrivateKey,
  ) => {
    const keys = pki.rsa.generateKeyPair(2048);
    const cert = pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = String(Math.floor(Math.random() * 1e9));
    cert.validity.notBefore = new Date(Date.now() - 3600_000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
    const attrs = [{ name: 'commonName', value: subject }];
    cert.setSubject(attrs);
    cert.setIssuer(issuer ?? attrs);
    if (!issuer) cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
    cert.sign(signer ?? keys.privateKey, forge.md.sha256.create());
    return { cert, keys };
  };
  const ca = make('Test WWDR CA', null);
  const signer = make('Pass Type ID: pass.test.tickets', ca.cert.subject.attributes, ca.keys.privateKey);
  return {
    ca: ca.cert,
    signer: signer.cert,
    env: {
      APPLE_WALLET_PASS_TYPE_ID: 'pass.test.tickets',
      APPLE_WALLET_TEAM_ID: 'TEAM123456',
      APPLE_WALLET_SIGNER_CERT: Buffer.from(pki.certificateToPem(signer.cert)).toString('base64'),
      APPLE_WALLET_SIGNER_KEY: pki.privateKeyToPem(signer.keys.privateKey).replace(/\n/g, '\\n'),
      APPLE_WALLET_WWDR_CERT: pki.certificateToPem(ca.cert),
    },
  };
}

/**
 * Verifies a detached PKCS#7 signature over `content` made by `signer` (issued by `ca`): the signed
 * message-digest attribute is the content's digest (with the algorithm the signature names), the signature over the signed attributes checks out with
 * the signer's key, and the signer's certificate was issued by the CA.
 */
function verifyPkcs7(
  signature: Buffer,
  content: Buffer,
  signer: forge.pki.Certificate,
  ca: forge.pki.Certificate,
) {
  const msg = forge.pkcs7.messageFromAsn1(
    forge.asn1.fromDer(signature.toString('binary')),
  ) as forge.pkcs7.PkcsSignedData & {
    rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string; digestAlgorithm: string };
  };
  const algorithm = forge.pki.oids[forge.asn1.derToOid(msg.rawCapture.digestAlgorithm)] as 'sha1' | 'sha256';
  const attrs = msg.rawCapture.authenticatedAttributes;
  const digestAttr = attrs.find(
    (a) =>
      forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string) === forge.pki.oids.messageDigest,
  )!;
  const digest = ((digestAttr.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as string;
  expect(Buffer.from(digest, 'binary').toString('hex')).toBe(
    createHash(algorithm).update(content).digest('hex'),
  );
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
  const md = forge.md[algorithm].create();
  md.update(forge.asn1.toDer(set).getBytes());
  expect(
    (signer.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), msg.rawCapture.signature),
  ).toBe(true);
  expect(ca.verify(signer)).toBe(true);
  expect(msg.certificates.map((c) => c.subject.getField('CN').value)).toContain(
    'Pass Type ID: pass.test.tickets',
  );
}

describe('wallet passes', () => {
  let t: TestApp;
  let bare: TestApp;
  let sale: OnSaleEvent;
  let holder: TestUser;
  let ticket: { id: string; code: string };
  const apple = appleCertificates();
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    t = await createTestApp({
      role: 'api',
      env: {
        ...apple.env,
        GOOGLE_WALLET_ISSUER_ID: '3388000000012345678',
        GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL: 'wallet@test-project.iam.gserviceaccount.com',
        GOOGLE_WALLET_PRIVATE_KEY: google.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      },
    });
    bare = await createTestApp({ role: 'api' });
    sale = await createOnSaleEvent(t, { tiers: [{ name: 'Balcony', capacity: 10, price: 3000 }] });
    holder = await registerUser(t, { name: 'Ada Lovelace' });
    const order = await buyOrder(t, holder, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    [ticket] = await ticketsOf(t, order.id);
  });
  afterAll(async () => {
    await t.close();
    await bare.close();
  });

  it('answers a .pkpass whose manifest is signed (PKCS#7) by the configured certificate', async () => {
    const res = await t
      .http()
      .get(api(`/tickets/${ticket.id}/wallet/apple`))
      .set(authHeader(holder.accessToken))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.pkpass');
    const files = unzip(res.body as Buffer);
    const pass = JSON.parse(files.get('pass.json')!.toString());
    expect(pass).toMatchObject({
      passTypeIdentifier: 'pass.test.tickets',
      teamIdentifier: 'TEAM123456',
      serialNumber: ticket.id,
      barcodes: [expect.objectContaining({ format: 'PKBarcodeFormatQR', message: ticket.code })],
      eventTicket: { primaryFields: [expect.objectContaining({ value: sale.event.title })] },
    });
    const manifest = files.get('manifest.json')!;
    for (const [name, sha1] of Object.entries(JSON.parse(manifest.toString()) as Record<string, string>)) {
      expect(createHash('sha1').update(files.get(name)!).digest('hex')).toBe(sha1);
    }
    verifyPkcs7(files.get('signature')!, manifest, apple.signer, apple.ca);
  });

  it('answers a Save to Google Wallet link whose JWT the service-account key signed', async () => {
    const res = await t
      .http()
      .get(api(`/tickets/${ticket.id}/wallet/google`))
      .set(authHeader(holder.accessToken))
      .expect(200);
    const saveUrl = res.body.saveUrl as string;
    expect(saveUrl.startsWith('https://pay.google.com/gp/v/save/')).toBe(true);
    const jwt = saveUrl.split('/').pop()!;
    const [header, payload, signature] = jwt.split('.');
    const ok = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      google.publicKey,
      Buffer.from(signature, 'base64url'),
    );
    expect(ok).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: 'wallet@test-project.iam.gserviceaccount.com',
      aud: 'google',
      typ: 'savetowallet',
      payload: {
        eventTicketObjects: [
          {
            id: `3388000000012345678.ticket-${ticket.id}`,
            state: 'ACTIVE',
            ticketHolderName: 'Ada Lovelace',
            barcode: { type: 'QR_CODE', value: ticket.code },
          },
        ],
      },
    });
  });

  it("someone else's ticket is 404; without configuration both wallets answer 404 WALLET_NOT_CONFIGURED", async () => {
    const stranger = await registerUser(t);
    await t
      .http()
      .get(api(`/tickets/${ticket.id}/wallet/apple`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    await t
      .http()
      .get(api(`/tickets/${ticket.id}/wallet/google`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
    for (const kind of ['apple', 'google']) {
      const res = await bare
        .http()
        .get(api(`/tickets/${ticket.id}/wallet/${kind}`))
        .set(authHeader(holder.accessToken))
        .expect(404);
      expect(res.body.code).toBe('WALLET_NOT_CONFIGURED');
    }
  });
});
