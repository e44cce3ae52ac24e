import { checkAccessibility } from '../helpers/accessibility.js';

checkAccessibility('dsfr');
