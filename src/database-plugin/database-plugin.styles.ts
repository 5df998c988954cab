import { css } from 'lit';

export const databasePluginStyles = css`
  .status-line {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--gc-lab-border-color, #c9ccd1);
    background: var(--gc-lab-muted-color, #f3f4f6);
  }
  :host([status='pending']) .status-line {
    border-color: var(--gc-lab-pending-color, #b06000);
  }
  :host([status='sent']) .status-line {
    border-color: var(--gc-lab-success-color, #1e6b30);
  }
  :host([status='error']) .status-line {
    border-color: var(--gc-lab-error-color, #b3261e);
  }
  .status-line strong {
    text-transform: capitalize;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.25rem 0.5rem;
    border-bottom: 1px solid var(--gc-lab-border-color, #c9ccd1);
    overflow-wrap: anywhere;
  }
  td {
    font-family: var(--gc-lab-mono-font-family, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  pre {
    margin: 0;
    padding: 0.5rem;
    overflow: auto;
    background: var(--gc-lab-muted-color, #f3f4f6);
    border-radius: calc(var(--gc-lab-radius, 8px) / 2);
  }
  .notice {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--gc-lab-pending-color, #b06000);
    background: var(--gc-lab-muted-color, #f3f4f6);
  }
  button.small {
    padding: 0.125rem 0.5rem;
    font-size: 0.875em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
  }
`;
