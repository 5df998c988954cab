// Renders the lab on the server (react-dom/server), as a server-rendered React page would.
import { renderToString } from 'react-dom/server';
import { Lab } from './lab.js';
import { PROPS } from './props.js';

export function render(): string {
  return renderToString(<Lab {...PROPS} />);
}
