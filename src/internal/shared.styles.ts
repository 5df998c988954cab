import { css } from 'lit';

/**
 * Design tokens and the controls every element shares. Each token is a documented
 * CSS custom property with a fallback, so a page can theme all three elements at once.
 */
export const sharedStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--gc-lab-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--gc-lab-font-size, 1rem);
    color: var(--gc-lab-text-color, #1d1d1f);
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
    background: var(--gc-lab-surface-color, #ffffff);
    border: 1px solid var(--gc-lab-border-color, #c9ccd1);
    border-radius: var(--gc-lab-radius, 8px);
    padding: var(--gc-lab-spacing, 1rem);
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
    color: inherit;
    width: 100%;
    padding: 0.5rem;
    border: 1px solid var(--gc-lab-border-color, #8a8f98);
    border-radius: calc(var(--gc-lab-radius, 8px) / 2);
    background: var(--gc-lab-input-color, #ffffff);
  }
  textarea {
    font-family: var(--gc-lab-mono-font-family, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    min-height: 6rem;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--gc-lab-error-color, #b3261e);
    outline: 1px solid var(--gc-lab-error-color, #b3261e);
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
    border-radius: calc(var(--gc-lab-radius, 8px) / 2);
    border: 1px solid var(--gc-lab-accent-color, #1f5fbf);
    background: var(--gc-lab-accent-color, #1f5fbf);
    color: var(--gc-lab-on-accent-color, #ffffff);
  }
  button.secondary {
    background: transparent;
    color: var(--gc-lab-accent-color, #1f5fbf);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--gc-lab-focus-color, #f4b400);
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
    border-radius: calc(var(--gc-lab-radius, 8px) / 2);
    border: 1px solid var(--gc-lab-error-color, #b3261e);
    color: var(--gc-lab-error-color, #b3261e);
    background: var(--gc-lab-error-surface-color, #fdecea);
  }
  code,
  pre {
    font-family: var(--gc-lab-mono-font-family, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
  }
`;
