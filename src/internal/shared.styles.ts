import { css } from 'lit';

/**
 * Design tokens and the controls every element shares. Each token is a documented
 * CSS custom property (`--gc-lab-*`), resolved once here into a private one (`--_*`) with its
 * default, so a page can theme all three elements at once.
 *
 * The defaults follow the host page: font, size and text colour are inherited (an unset
 * token makes the declaration fall back to inheriting); colours follow the page's
 * `color-scheme` through `light-dark()` and system colours (Field, CanvasText); muted surfaces
 * and borders are mixed from the text colour, so they suit any background.
 */
export const sharedStyles = css`
  :host {
    --_accent: var(--gc-lab-accent-color, light-dark(#1f5fbf, #8ab4f8));
    --_on-accent: var(--gc-lab-on-accent-color, light-dark(#ffffff, #0b1b36));
    --_focus: var(--gc-lab-focus-color, CanvasText);
    --_error: var(--gc-lab-error-color, light-dark(#b3261e, #f2b8b5));
    --_error-surface: var(--gc-lab-error-surface-color, light-dark(#fdecea, #3c1412));
    --_pending: var(--gc-lab-pending-color, light-dark(#b06000, #ffb870));
    --_success: var(--gc-lab-success-color, light-dark(#1e6b30, #8fd19e));
    --_success-surface: var(--gc-lab-success-surface-color, light-dark(#e3f4e6, #12351c));
    --_input: var(--gc-lab-input-color, Field);
    --_surface: var(--gc-lab-surface-color, transparent);
    --_muted: var(--gc-lab-muted-color, color-mix(in srgb, currentColor 8%, transparent));
    --_border: var(--gc-lab-border-color, color-mix(in srgb, currentColor 55%, transparent));
    --_radius: var(--gc-lab-radius, 8px);
    --_spacing: var(--gc-lab-spacing, 1rem);
    --_mono: var(--gc-lab-mono-font-family, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    display: block;
    /* Apart from their neighbours on a plain page; a page's own CSS for the tag overrides it. */
    margin-block: 1rem;
    box-sizing: border-box;
    /* Unset tokens make these invalid at computed-value time: the host page's value is inherited. */
    font-family: var(--gc-lab-font-family);
    font-size: var(--gc-lab-font-size);
    color: var(--gc-lab-text-color);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .panel {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_spacing);
    display: grid;
    gap: 0.75rem;
  }
  .title {
    margin: 0;
    font-size: 1.125em;
    font-weight: 600;
  }
  label {
    font-weight: 600;
    display: block;
    margin-block-end: 0.25rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    width: 100%;
    padding: 0.5rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    background: var(--_input);
    color: var(--gc-lab-text-color, FieldText);
  }
  textarea {
    font-family: var(--_mono);
    min-height: 6rem;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    outline: 1px solid var(--_error);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    padding: 0.5rem 1rem;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button.secondary {
    background: transparent;
    color: var(--_accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .status {
    margin: 0;
  }
  .alert:empty {
    display: none;
  }
  .alert {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_error);
    color: var(--_error);
    background: var(--_error-surface);
  }
  code,
  pre {
    font-family: var(--_mono);
  }
  /* Read by screen readers, not shown. */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
