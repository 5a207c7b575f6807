/**
 * /api/dashboard: the figures of the finance bureau's (or a 主管部门's) dashboard for a year and
 * stage. Every figure counts the tables GET /api/tables lists for the same filters, so each
 * chart drills down to its tables. Read from the lag-tolerant handle (a replica when set).
 */
import type { RoutePlugin } from '../../app.ts';
import { requireActor } from '../../auth/session.ts';
import { buildDashboard } from '../../dashboard/dashboard.ts';
import { forbidden } from '../../errors.ts';
import { canViewDashboard } from '../../policies/dashboard.ts';
import { errors } from '../common.ts';
import { dashboardQuery, dashboardReply } from './schema.ts';

const plugin: RoutePlugin = async (app, { services }) => {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: '统计分析 / dashboard figures: progress, findings, passing share, funds',
        querystring: dashboardQuery,
        response: { 200: dashboardReply, ...errors(400, 401, 403) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!canViewDashboard(actor)) {
        throw forbidden({ zh: '统计分析仅供财政局和主管部门审核人查看', en: 'Dashboards are for the finance bureau and department reviewers' });
      }
      return buildDashboard(services.database.read, actor, req.query);
    },
  );
};

export default plugin;
