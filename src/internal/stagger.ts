import { staggerDefinitions } from './define.js';

// The single bundle's entry imports this first, before any element module registers.
staggerDefinitions();
