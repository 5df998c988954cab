import { css } from 'lit';

export const messengerStyles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .badge {
    font-size: 0.875em;
    font-weight: 600;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    background: var(--_muted);
  }
  .badge.ready {
    background: var(--_success-surface);
    color: var(--_success);
  }
  .badge.error {
    background: var(--_error-surface);
    color: var(--_error);
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .check input {
    width: auto;
  }
  .check label {
    margin: 0;
  }
`;
