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
    background: var(--gc-lab-muted-color, #eceef1);
  }
  :host([state='ready']) .badge {
    background: var(--gc-lab-success-surface-color, #e3f4e6);
    color: var(--gc-lab-success-color, #1e6b30);
  }
  :host([state='error']) .badge {
    background: var(--gc-lab-error-surface-color, #fdecea);
    color: var(--gc-lab-error-color, #b3261e);
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
  }
`;
