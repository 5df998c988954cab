/**
 * The contract's values, pinned by hand to the project's notes (docs/messenger-sdk.md,
 * docs/guest-api.md): the service, the runtime, the elements and the conformance suite all read
 * them from the contract, so a wrong value there would pass every other test. Each expectation
 * here is typed from the notes, not from the contract.
 */
import { expect } from '@open-wc/testing';
import {
  ENVIRONMENTS,
  ERROR_CODES,
  FRAME_CLASSES,
  LIMITS,
  PATHS,
  customAttributesBytes,
  sizeExceededPayload,
} from '../../src/genesys/contract.js';

describe('the Genesys contract matches the notes', () => {
  it('limits (docs/guest-api.md#limits)', () => {
    expect(LIMITS.maxCustomDataBytes).to.equal(2048);
    expect(LIMITS.maxTextBytes).to.equal(4096);
    expect(LIMITS.requestsPerMinute).to.equal(60);
    expect(LIMITS.connectionsPerSession).to.equal(3);
    expect(LIMITS.maxTokenLength).to.equal(2048);
    expect(LIMITS.sessionTtlSeconds).to.equal(72 * 3600);
    // Sources disagree (5, or 2 after a 2023 notice): one of the two.
    expect([2, 5]).to.include(LIMITS.messagesPerSecond);
  });

  it('error codes (docs/guest-api.md#errors)', () => {
    expect(ERROR_CODES).to.include({
      featureUnavailable: 4000,
      sessionExpired: 4006,
      sessionNotFound: 4007,
      messageTooLong: 4011,
      customAttributesTooLarge: 4013,
      missingParameter: 4020,
      requestRateTooHigh: 4029,
      unexpected: 5000,
    });
  });

  it('frame classes (docs/guest-api.md#frames-the-service-sends)', () => {
    expect(Object.values(FRAME_CLASSES).sort()).to.deep.equal(
      [
        'string',
        'SessionResponse',
        'StructuredMessage',
        'JwtResponse',
        'SessionExpiredEvent',
        'TooManyRequestsErrorMessage',
        'ConnectionClosedEvent',
        'SessionClearedEvent',
      ].sort(),
    );
  });

  it('paths around the socket (docs/guest-api.md#around-the-socket)', () => {
    expect(PATHS.socket).to.equal('/v1');
    expect(PATHS.deploymentConfig('abc')).to.equal('/webdeployments/v1/deployments/abc/config.json');
    expect(PATHS.history).to.equal('/api/v2/webmessaging/messages');
  });

  it('the size-exceeded payload as third parties quote it (docs/messenger-sdk.md#the-size-limit)', () => {
    expect(sizeExceededPayload(2048)).to.deep.equal({
      body: 'customAttributes object is larger than allowed limit: 2048 bytes',
      errorKey: 'customAttributesSizeExceeded',
    });
  });

  it('size: UTF-8 bytes of keys and values, numbers as their text (docs/messenger-sdk.md#the-size-limit)', () => {
    expect(customAttributesBytes({ keyInt: 123, keyString: 'hello' })).to.equal(6 + 3 + 9 + 5);
    expect(customAttributesBytes({ é: 'ü' })).to.equal(4);
  });

  it('environments: code → domain (docs/messenger-sdk.md#environments)', () => {
    expect(ENVIRONMENTS).to.include({
      prod: 'mypurecloud.com',
      'prod-usw2': 'usw2.pure.cloud',
      'prod-cac1': 'cac1.pure.cloud',
      'prod-euw1': 'mypurecloud.ie',
      'prod-euw2': 'euw2.pure.cloud',
      'prod-euc1': 'mypurecloud.de',
      'prod-euc2': 'euc2.pure.cloud',
      'prod-aps1': 'aps1.pure.cloud',
      'prod-apne1': 'mypurecloud.jp',
      'prod-apne2': 'apne2.pure.cloud',
      'prod-apne3': 'apne3.pure.cloud',
      'prod-apse2': 'mypurecloud.com.au',
      'prod-sae1': 'sae1.pure.cloud',
      'prod-mec1': 'mec1.pure.cloud',
      'fedramp-use2-core': 'use2.us-gov-pure.cloud',
      'prod-apse1': 'apse1.pure.cloud',
      'prod-mxc1': 'mxc1.pure.cloud',
    });
  });
});
