/**
 * Where PageView Home may go (`home-url`): an http(s) page on this site, "site" meaning the
 * registrable domain as browsers mean "same-site" (approximated: see siteOf).
 */
import { expect } from '@open-wc/testing';
import { checkNavigationUrl, siteOf } from '../../src/internal/urls.js';

describe('home-url: this site only', () => {
  const base = 'https://www.example.com/lab/page';

  for (const url of [
    '/',
    'other',
    'https://www.example.com/home',
    'https://example.com/',
    'https://a.www.example.com/x',
    'https://WWW.EXAMPLE.COM/',
  ]) {
    it(`from ${base}, ${url} is on this site`, () => {
      expect(checkNavigationUrl(url, base).ok).to.equal(true);
    });
  }

  for (const url of [
    'https://com/',
    'https://example.org/',
    'https://example.com.evil.test/',
    'https://evilexample.com/',
    'https://127.0.0.1/',
    // A sibling: one owner's, or a shared host's? The page cannot tell.
    'https://shop.example.com/',
    // With its trailing dot, another origin to the browser.
    'https://www.example.com./',
  ]) {
    it(`from ${base}, ${url} is another site`, () => {
      const checked = checkNavigationUrl(url, base);
      expect(checked.ok).to.equal(false);
      expect(!checked.ok && checked.error).to.contain('on another site');
    });
  }

  it('under a country code second level, the site has three labels', () => {
    const here = 'https://www.shop.co.uk/';
    expect(checkNavigationUrl('https://shop.co.uk/basket', here).ok).to.equal(true);
    expect(checkNavigationUrl('https://other.co.uk/', here).ok).to.equal(false);
    expect(checkNavigationUrl('https://co.uk/', here).ok).to.equal(false);
    expect(siteOf('a.b.example.com.au')).to.equal('example.com.au');
  });

  it("a shared host: one student's page cannot send PageView Home to another's", () => {
    expect(checkNavigationUrl('https://bob.github.io/lab/', 'https://alice.github.io/lab/').ok).to.equal(false);
    expect(checkNavigationUrl('https://alice.github.io/', 'https://alice.github.io/lab/').ok).to.equal(true);
  });

  it('an IP address or localhost is a site of its own', () => {
    expect(checkNavigationUrl('http://127.0.0.1:9000/', 'http://127.0.0.1:8000/').ok).to.equal(true);
    expect(checkNavigationUrl('http://10.0.0.1/', 'http://127.0.0.1:8000/').ok).to.equal(false);
    expect(checkNavigationUrl('http://localhost/', 'http://127.0.0.1:8000/').ok).to.equal(false);
    expect(checkNavigationUrl('http://[::1]:8001/', 'http://[::1]:8000/').ok).to.equal(true);
  });
});
