import { css } from 'lit';

export const databasePluginStyles = css`
  .status-line {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_border);
    background: var(--_muted);
  }
  .status-line.pending {
    border-color: var(--_pending);
  }
  .status-line.sent {
    border-color: var(--_success);
  }
  .status-line.error {
    border-color: var(--_error);
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
    border-bottom: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  td {
    font-family: var(--_mono);
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
    background: var(--_muted);
    border-radius: calc(var(--_radius) / 2);
  }
  .notice {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_pending);
    background: var(--_muted);
  }
  button.small {
    padding: 0.125rem 0.5rem;
    font-size: 0.875em;
    white-space: nowrap;
  }
  /* Long keys and values wrap and stay short; the Remove column keeps its button whole. */
  td {
    max-width: 0;
  }
  td:last-child:has(button) {
    width: 1%;
    max-width: none;
  }
  td:has(small) {
    font-family: inherit;
  }
  td:first-child {
    width: 35%;
  }
  td .clip {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
  }
`;
