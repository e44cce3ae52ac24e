import { agendaDocument } from '../../pages/documents.js';
import { calendarFeed, upcomingEvents } from '../../render/calendar-feed.js';
import type { WikiPath } from '../../wiki/path.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';

/** What is upcoming changes with the clock too: cached responses are keyed by the hour. */
const hour = () => new Date().toISOString().slice(0, 13);

/** The wiki's agenda page and the iCalendar feed calendar applications subscribe to. */
export const agendaRoutes: RouteModule = (app, ctx) => {
  const { wiki } = ctx.publication;
  app.get('/-/agenda', async (c) => {
    const revision = await wiki.revision();
    const lang = ctx.langOf(c);
    return ctx.cached(c, `${revision.id}|${lang}|agenda|${hour()}`, async () =>
      prepare(200, await agendaDocument(ctx.publication, revision, lang), 'text/html; charset=utf-8'),
    );
  });
  app.get('/-/agenda.ics', async (c) => {
    const revision = await wiki.revision();
    return ctx.cached(c, `${revision.id}|agenda.ics|${hour()}`, async () => {
      const calendars = await wiki.data.calendarsUnder(revision, '' as WikiPath);
      const feed = calendarFeed(upcomingEvents(calendars, new Date()), { name: ctx.publication.site.title });
      return prepare(200, feed, 'text/calendar; charset=utf-8');
    });
  });
};
