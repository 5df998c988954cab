import { expect } from '@open-wc/testing';
import {
  REGION_OPTIONS,
  bootstrapUrl,
  isDeploymentId,
  normalizeEnvironment,
} from '../../src/genesys/environments.js';

describe('environments', () => {
  it('accepts the documented environment codes as they are', () => {
    expect(normalizeEnvironment('prod')).to.equal('prod');
    expect(normalizeEnvironment('prod-euw1')).to.equal('prod-euw1');
    expect(normalizeEnvironment('fedramp-use2-core')).to.equal('fedramp-use2-core');
    expect(normalizeEnvironment(' PROD-APSE2 ')).to.equal('prod-apse2');
  });

  it("maps the lab's short codes to the documented codes", () => {
    expect(normalizeEnvironment('use1')).to.equal('prod');
    expect(normalizeEnvironment('euw1')).to.equal('prod-euw1');
    expect(normalizeEnvironment('apse2')).to.equal('prod-apse2');
    expect(normalizeEnvironment('usw2')).to.equal('prod-usw2');
    // Every short code the lab uses, one by one (they are derived from the environment table).
    const lab = 'usw2 cac1 euw1 euw2 euc1 euc2 aps1 apne1 apne2 apne3 apse1 apse2 sae1 mec1 mxc1'.split(' ');
    expect(lab.map((code) => normalizeEnvironment(code))).to.deep.equal(lab.map((code) => `prod-${code}`));
    expect(normalizeEnvironment('USE2')).to.equal('fedramp-use2-core');
    expect(normalizeEnvironment('core')).to.equal(undefined);
  });

  it('rejects anything else', () => {
    // Own properties only: the names every object inherits are not environments.
    for (const bad of ['', 'moon1', 'mypurecloud.com', 'prod-xyz9', 'constructor', '__proto__', 'toString', 'hasOwnProperty', undefined, null]) {
      expect(normalizeEnvironment(bad as string), String(bad)).to.equal(undefined);
    }
  });

  it('builds the regional CDN URL of genesys.min.js', () => {
    expect(bootstrapUrl('prod')).to.equal('https://apps.mypurecloud.com/genesys-bootstrap/genesys.min.js');
    expect(bootstrapUrl('prod-euw1')).to.equal('https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js');
    expect(bootstrapUrl('fedramp-use2-core')).to.equal(
      'https://apps.use2.us-gov-pure.cloud/genesys-bootstrap/genesys.min.js',
    );
  });

  it("offers the lab's regions first, each once, labelled by domain", () => {
    expect(REGION_OPTIONS.slice(0, 3).map((o) => o.domain)).to.deep.equal([
      'mypurecloud.com',
      'usw2.pure.cloud',
      'mypurecloud.ie',
    ]);
    const codes = REGION_OPTIONS.map((o) => o.code);
    expect(new Set(codes).size).to.equal(codes.length);
    expect(codes).to.include('prod-mec1');
  });

  it('knows a deployment ID when it sees a UUID', () => {
    expect(isDeploymentId('5d1b8c2e-3f4a-4b6c-9d8e-0a1b2c3d4e5f')).to.equal(true);
    expect(isDeploymentId(' 5D1B8C2E-3F4A-4B6C-9D8E-0A1B2C3D4E5F ')).to.equal(true);
    expect(isDeploymentId('5d1b8c2e3f4a4b6c9d8e0a1b2c3d4e5f')).to.equal(false);
    expect(isDeploymentId('not-a-uuid')).to.equal(false);
    expect(isDeploymentId('')).to.equal(false);
  });
});
