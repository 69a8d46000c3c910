// electron-builder's beforePack hook (electron-builder.yml): says, before anything is packed, which signing and
// notarisation this build will do and what it skips for want of credentials. The credentials themselves are read
// by electron-builder from the same environment variables; nothing here reads or prints a secret's value.
'use strict';

const has = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';
const all = (env, names) => names.every((n) => has(env, n));

/** Apple's three ways to authenticate notarisation (electron-builder's own list). */
const NOTARY_CREDENTIALS = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

/**
 * What a build for `platform` ('darwin' | 'win32' | 'linux') will sign, from the environment alone.
 * Each step is { step, enabled, detail }: detail names the variables that enable it or says what is missing.
 */
function signingPlan(env, platform) {
  if (platform === 'darwin') {
    const certificate = has(env, 'CSC_LINK') || has(env, 'CSC_NAME');
    const autoDiscovery = env.CSC_IDENTITY_AUTO_DISCOVERY !== 'false';
    const notary = NOTARY_CREDENTIALS.find((set) => all(env, set));
    return [
      {
        step: 'macOS code signing',
        enabled: certificate,
        detail: certificate
          ? `with the certificate from ${has(env, 'CSC_LINK') ? 'CSC_LINK' : 'CSC_NAME'}`
          : `skipped: set CSC_LINK (a .p12, with CSC_KEY_PASSWORD) or CSC_NAME (a keychain identity)${autoDiscovery ? '; a Developer ID in the login keychain is still used if electron-builder finds one' : ''}`,
      },
      {
        step: 'macOS notarisation',
        enabled: certificate && notary !== undefined,
        detail: !certificate
          ? 'skipped: an unsigned app cannot be notarised'
          : notary
            ? `with ${notary.join(', ')}`
            : `skipped: set ${NOTARY_CREDENTIALS.map((set) => set.join(' + ')).join(', or ')}`,
      },
    ];
  }
  if (platform === 'win32') {
    const certificate = has(env, 'WIN_CSC_LINK') || has(env, 'CSC_LINK');
    const azure = all(env, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']);
    return [
      {
        step: 'Windows code signing',
        enabled: certificate || azure,
        detail: certificate
          ? `with the certificate from ${has(env, 'WIN_CSC_LINK') ? 'WIN_CSC_LINK' : 'CSC_LINK'}`
          : azure
            ? 'with Azure Trusted Signing (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)'
            : 'skipped: set WIN_CSC_LINK (a .pfx, with WIN_CSC_KEY_PASSWORD); SmartScreen will warn about an unsigned installer',
      },
    ];
  }
  return [{ step: 'Linux packages', enabled: false, detail: 'AppImage and deb are not signed; publish their SHA-256 sums beside them' }];
}

function describePlan(plan) {
  return plan.map((p) => `  ${p.enabled ? '✓' : '–'} ${p.step}: ${p.detail}`).join('\n');
}

/** electron-builder calls this once per platform before packing. */
async function beforePack(context) {
  const platform = context && context.electronPlatformName ? context.electronPlatformName : process.platform;
  console.log(`Signing for ${platform}:\n${describePlan(signingPlan(process.env, platform))}`);
}

module.exports = beforePack;
module.exports.default = beforePack;
module.exports.signingPlan = signingPlan;
module.exports.describePlan = describePlan;
