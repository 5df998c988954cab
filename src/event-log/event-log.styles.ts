import { css } from 'lit';

export const eventLogStyles = css`
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem 1rem;
  }
  .controls select {
    width: auto;
  }
  .summary,
  .status:empty {
    margin: 0;
  }
  .status:empty {
    display: none;
  }
  .log {
    max-height: 24rem;
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  .log:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    padding: 0.375rem 0.5rem;
    border-block-end: 1px solid var(--_muted);
    overflow-wrap: anywhere;
  }
  li.load,
  li.lost {
    background: var(--_muted);
    font-weight: 600;
  }
  li.lost,
  li.refused,
  li.error {
    border-inline-start: 4px solid var(--_error);
  }
  li.resolved {
    border-inline-start: 4px solid var(--_success);
  }
  li.waiting {
    border-inline-start: 4px solid var(--_pending);
  }
  time,
  .source {
    font-family: var(--_mono);
    font-size: 0.875em;
    margin-inline-end: 0.5rem;
  }
  .name {
    font-weight: 600;
    margin-inline-end: 0.5rem;
  }
  pre {
    margin: 0.25rem 0 0;
    padding: 0.25rem 0.5rem;
    font-size: 0.8125em;
    white-space: pre-wrap;
    background: var(--_muted);
    border-radius: calc(var(--_radius) / 2);
  }
  .empty {
    margin: 0;
    padding: 0.5rem;
  }
`;
