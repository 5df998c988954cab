// Renders the lab on the server (react-dom/server), as a server-rendered React page would. The
// module imports the package as a Next.js client component does (it is rendered on the server
// too): by its name, resolved by Node (the `node` condition), so an import that touched the DOM
// would fail here.
import 'gc-lab-elements';
import 'gc-lab-elements/gc-lab.js';
import { renderToString } from 'react-dom/server';
import { Lab } from './lab.js';
import { PROPS } from './props.js';

export function render(): string {
  return renderToString(<Lab {...PROPS} />);
}
