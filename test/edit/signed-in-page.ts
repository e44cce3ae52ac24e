/** A Chromium page of the edit world, signed in as a new person with `role`. */
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../src/auth/roles.js';
import { newPage } from '../helpers/browser.js';
import type { EditWorld } from './edit-fixture.js';

export async function signedInPage(t: TestContext, browser: Browser, w: EditWorld, role: Role, email: string, name: string): Promise<{ page: Page; scriptErrors: Error[]; cookie: string }> {
  const opened = await newPage(t, browser);
  const person = await w.person(role, email, name);
  const [cookieName = '', value = ''] = person.cookie.split('=');
  await opened.page.context().addCookies([{ name: cookieName, value, url: w.server.url }]);
  return { ...opened, cookie: person.cookie };
}
