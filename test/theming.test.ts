/**
 * The elements follow the host page: its font, size and text colour, and its colour scheme
 * (light or dark), with every token still overridable.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcDatabasePlugin } from '../src/database-plugin/database-plugin.js';
import { button, shadow } from './support/pages.js';

async function hosted(style: Partial<CSSStyleDeclaration>) {
  const wrapper = await fixture<HTMLDivElement>(html`<div><gc-database-plugin></gc-database-plugin></div>`);
  Object.assign(wrapper.style, style);
  const el = wrapper.querySelector<GcDatabasePlugin>('gc-database-plugin')!;
  await el.updateComplete;
  return { wrapper, el, panel: shadow(el).querySelector<HTMLElement>('[part=base]')! };
}

describe('theming: the elements follow the host page', () => {
  it('inherit the page font, size and text colour', async () => {
    const { el, panel } = await hosted({ fontFamily: 'Georgia, serif', fontSize: '20px', color: 'rgb(10, 80, 20)' });
    const style = getComputedStyle(panel);
    expect(style.fontFamily).to.equal('Georgia, serif');
    expect(style.fontSize).to.equal('20px');
    expect(style.color).to.equal('rgb(10, 80, 20)');
    expect(getComputedStyle(shadow(el).querySelector('label')!).fontFamily).to.equal('Georgia, serif');
  });

  it('a dark page (color-scheme: dark) gets the dark colours, and stays accessible', async () => {
    const { el } = await hosted({ colorScheme: 'dark', background: 'rgb(18, 18, 18)', color: 'rgb(235, 235, 235)' });
    expect(getComputedStyle(button(el, 'Set')).backgroundColor).to.equal('rgb(138, 180, 248)');
    const field = shadow(el).querySelector('textarea')!;
    // The system field colour for a dark scheme is dark.
    const [r, g, b] = getComputedStyle(field).backgroundColor.match(/\d+/g)!.map(Number);
    expect(r + g + b).to.be.below(200);
    await expect(el).to.be.accessible();
  });

  it('all six, on a dark page with a serif font, follow it; ::part(button) reaches every button', async () => {
    const style = document.createElement('style');
    style.textContent = `:is(gc-messenger, gc-database-plugin, gc-commands, gc-login-form, gc-session-controls, gc-event-log)::part(button) { border-bottom-width: 4px; }`;
    document.head.append(style);
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div>
          <gc-messenger></gc-messenger><gc-database-plugin></gc-database-plugin><gc-commands></gc-commands><gc-login-form></gc-login-form
          ><gc-session-controls></gc-session-controls><gc-event-log></gc-event-log>
        </div>`,
      );
      Object.assign(wrapper.style, {
        colorScheme: 'dark',
        background: 'rgb(18, 18, 18)',
        color: 'rgb(235, 235, 235)',
        fontFamily: 'Georgia, serif',
        fontSize: '20px',
      });
      for (const el of wrapper.children as HTMLCollectionOf<HTMLElement & { updateComplete: Promise<unknown> }>) {
        await el.updateComplete;
        const root = shadow(el);
        const base = getComputedStyle(root.querySelector('[part~=base]')!);
        expect([base.fontFamily, base.fontSize, base.color], el.localName).to.deep.equal(['Georgia, serif', '20px', 'rgb(235, 235, 235)']);
        const buttons = [...root.querySelectorAll('button')];
        expect(buttons.length, el.localName).to.be.above(0);
        for (const b of buttons) {
          const computed = getComputedStyle(b);
          expect(computed.fontFamily, `${el.localName} ${b.textContent}`).to.equal('Georgia, serif');
          expect(computed.borderBottomWidth, `${el.localName} ${b.textContent}`).to.equal('4px');
        }
        // The primary button takes the dark scheme's accent.
        expect(getComputedStyle(root.querySelector('button:not(.secondary)')!).backgroundColor, el.localName).to.equal(
          'rgb(138, 180, 248)',
        );
        await expect(el).to.be.accessible();
      }
    } finally {
      style.remove();
    }
  });

  it('pasted one after another on a plain page, the elements are spaced apart; the page\'s own CSS can close the gap', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><gc-messenger></gc-messenger><gc-database-plugin></gc-database-plugin><gc-session-controls></gc-session-controls></div>`,
    );
    const [messenger, plugin, controls] = [...wrapper.children] as Array<HTMLElement & { updateComplete: Promise<unknown> }>;
    for (const el of [messenger, plugin, controls]) await el.updateComplete;
    const gap = (a: Element, b: Element) => b.getBoundingClientRect().top - a.getBoundingClientRect().bottom;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    expect(gap(messenger, plugin)).to.equal(rem);
    expect(gap(plugin, controls)).to.equal(rem);
    // A page that lays them out itself overrides the default with an ordinary rule.
    const style = document.createElement('style');
    style.textContent = 'gc-database-plugin { margin-block: 0; }';
    document.head.append(style);
    try {
      expect(gap(messenger, plugin)).to.equal(rem);
      expect(gap(plugin, controls)).to.equal(rem);
      style.textContent = ':is(gc-messenger, gc-database-plugin, gc-session-controls) { margin: 0; }';
      expect(gap(messenger, plugin)).to.equal(0);
    } finally {
      style.remove();
    }
  });

  it('a light page gets the light colours', async () => {
    const { el } = await hosted({ colorScheme: 'light' });
    expect(getComputedStyle(button(el, 'Set')).backgroundColor).to.equal('rgb(31, 95, 191)');
    await expect(el).to.be.accessible();
  });

  it('every piece a CMS author may style is a part: titles, labels, fields and hints', async () => {
    const style = document.createElement('style');
    style.textContent = `
      :is(gc-messenger, gc-database-plugin)::part(title) { letter-spacing: 3px; }
      :is(gc-messenger, gc-database-plugin)::part(label) { text-transform: uppercase; }
      :is(gc-messenger, gc-database-plugin)::part(field) { border-top-width: 5px; }
      :is(gc-messenger, gc-database-plugin)::part(hint) { font-style: italic; }`;
    document.head.append(style);
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><gc-messenger></gc-messenger><gc-database-plugin></gc-database-plugin></div>`,
      );
      for (const el of wrapper.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('*')) {
        await el.updateComplete;
        const root = shadow(el);
        const all = (selector: string) => [...root.querySelectorAll<HTMLElement>(selector)];
        const computed = (selector: string, property: keyof CSSStyleDeclaration) =>
          all(selector).map((e) => String(getComputedStyle(e)[property]));
        expect(computed('.title', 'letterSpacing'), el.localName).to.deep.equal(['3px']);
        expect(computed('label', 'textTransform'), el.localName).to.have.length.above(0).and.satisfy(
          (values: string[]) => values.every((v) => v === 'uppercase'),
        );
        expect(computed('select, input:not([type=checkbox]), textarea', 'borderTopWidth'), el.localName).to.have.length.above(0).and.satisfy(
          (values: string[]) => values.every((v) => v === '5px'),
        );
        expect(computed('.hint', 'fontStyle'), el.localName).to.have.length.above(0).and.satisfy(
          (values: string[]) => values.every((v) => v === 'italic'),
        );
      }
    } finally {
      style.remove();
    }
  });

  it('every token can still be set by the page', async () => {
    const { el, wrapper } = await hosted({ colorScheme: 'dark' });
    wrapper.style.setProperty('--gc-lab-accent-color', 'rgb(1, 2, 3)');
    wrapper.style.setProperty('--gc-lab-font-family', 'monospace');
    expect(getComputedStyle(button(el, 'Set')).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(shadow(el).querySelector('[part=base]')!).fontFamily).to.equal('monospace');
  });

  it('the focus ring is 3px and at least 3:1 against the page, light and dark', async () => {
    for (const [scheme, background] of [
      ['light', 'rgb(255, 255, 255)'],
      ['dark', 'rgb(18, 18, 18)'],
    ]) {
      const { el } = await hosted({ colorScheme: scheme, background });
      const set = button(el, 'Set');
      set.focus({ focusVisible: true } as FocusOptions);
      const style = getComputedStyle(set);
      expect(style.outlineWidth, scheme).to.equal('3px');
      expect(contrast(style.outlineColor, background), scheme).to.be.at.least(3);
    }
  });
});

function luminance(color: string): number {
  const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
