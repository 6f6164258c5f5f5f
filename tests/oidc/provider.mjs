// A real, local OpenID Connect provider for the test suite, built on the
// `oidc-provider` npm package (9.x). It is started by the pytest fixture in
// tests/oidc_provider.py; nothing here is used outside the tests.
//
// Environment:
//   OIDC_PORT           port to listen on (127.0.0.1); required
//   OIDC_CLIENT_ID      the one registered client (default lerend-netwerk-test)
//   OIDC_CLIENT_SECRET  its secret (default test-secret)
//   OIDC_REDIRECT_URIS  comma-separated redirect URIs of that client
//
// Logging in uses the package's built-in development login page: any login
// and password are accepted, and the login typed IS the account id and the
// e-mail address. A login starting with "unverified+" yields
// email_verified=false. Consent is granted automatically.
//
// Once listening, it prints exactly "READY <issuer>" on stdout.

import { generateKeyPairSync } from 'node:crypto';
import process from 'node:process';

import Provider from 'oidc-provider';

const port = Number.parseInt(process.env.OIDC_PORT ?? '', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('OIDC_PORT must be set to a TCP port\n');
  process.exit(2);
}
const host = '127.0.0.1';
const issuer = `http://${host}:${port}`;

const clientId = process.env.OIDC_CLIENT_ID || 'lerend-netwerk-test';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'test-secret';
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? '')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
if (redirectUris.length === 0) {
  process.stderr.write('OIDC_REDIRECT_URIS must list at least one redirect URI\n');
  process.exit(2);
}

// A fresh signing key per run, so the package's shared "development-only"
// keys are not used.
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: 'test-signing-key',
  use: 'sig',
  alg: 'RS256',
};

function accountFor(id) {
  const email = String(id);
  return {
    accountId: email,
    async claims(use, scope) {
      return {
        sub: email,
        email,
        email_verified: !email.startsWith('unverified+'),
        name: email.split('@')[0],
      };
    },
  };
}

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // Authlib's default. oidc-provider accepts client_secret_post as well
      // for a client registered with either of the two secret methods.
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Put the scope's claims in the ID token too (not only in userinfo), so an
  // RP that reads the ID token (as Authlib does) sees the e-mail address.
  conformIdTokenClaims: false,
  findAccount(ctx, id) {
    return accountFor(id);
  },
  // Auto-grant consent: give the client what it asked for, so the only page
  // the user sees is the development login page.
  async loadExistingGrant(ctx) {
    const { provider, client, session } = ctx.oidc;
    const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    let grant = grantId ? await provider.Grant.find(grantId) : undefined;
    if (!grant) {
      grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    }
    const scopes = [...ctx.oidc.requestParamOIDCScopes];
    if (scopes.length) {
      grant.addOIDCScope(scopes.join(' '));
    }
    const claims = [...ctx.oidc.requestParamClaims];
    if (claims.length) {
      grant.addOIDCClaims(claims);
    }
    await grant.save();
    return grant;
  },
  features: {
    devInteractions: { enabled: true },
  },
  pkce: {
    // S256 only, and required for every authorization request.
    required: () => true,
  },
  jwks: { keys: [signingKey] },
  cookies: {
    keys: ['lerend-netwerk-test-cookie-key-not-a-secret'],
  },
};

const provider = new Provider(issuer, configuration);

provider.on('server_error', (ctx, err) => {
  process.stderr.write(`oidc-provider server_error: ${err?.stack ?? err}\n`);
});

const server = provider.listen(port, host, () => {
  process.stdout.write(`READY ${issuer}\n`);
});

server.on('error', (err) => {
  process.stderr.write(`oidc-provider could not listen: ${err?.stack ?? err}\n`);
  process.exit(1);
});

let stopping = false;
function shutdown() {
  if (stopping) {
    return;
  }
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Do not hang on a stuck connection.
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
