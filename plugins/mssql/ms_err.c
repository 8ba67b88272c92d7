/*
 * SQL Server message numbers and db-lib error numbers onto dbarena's error
 * classes.  Retryable conflicts (deadlock victim, lock timeout, snapshot
 * update conflict) share DEADLOCK, as sysbench counts them.
 */
#include <stdio.h>
#include <string.h>

#include "ms.h"

int ms_class_for_msg(int msgno, int severity)
{
	switch (msgno) {
	case 1205: /* chosen as deadlock victim */
	case 1222: /* lock request time out period exceeded */
	case 3960: /* snapshot isolation update conflict */
	case 3961:
		return DBA_ERR_DEADLOCK;
	case 2627: /* unique constraint (PRIMARY KEY / UNIQUE) */
	case 2601: /* unique index */
	case 547:  /* FOREIGN KEY / CHECK constraint */
	case 515:  /* NULL into a NOT NULL column */
	case 544:  /* explicit value for an identity column with IDENTITY_INSERT OFF */
		return DBA_ERR_CONSTRAINT;
	case 102:  /* incorrect syntax near */
	case 156:  /* incorrect syntax near keyword */
	case 170:
	case 207:  /* invalid column name */
	case 208:  /* invalid object name */
	case 2812: /* could not find stored procedure */
	case 8144: /* too many arguments */
		return DBA_ERR_SYNTAX;
	case 3617: /* query cancelled (attention) */
	case 3980: /* request failed to run: session in kill state / cancelled */
		return DBA_ERR_TIMEOUT;
	case 18456: /* login failed */
	case 4060:  /* cannot open database requested by the login */
	case 4064:
	case 911:   /* database does not exist (USE) */
		return DBA_ERR_CONNECTION;
	case 229:  /* permission denied on object */
	case 230:
	case 262:  /* permission denied in database */
	case 300:
	case 916:  /* not a valid user in the database */
		return DBA_ERR_PERMISSION;
	}
	/* Severity 20 and above ends the connection. */
	if (severity >= 20)
		return DBA_ERR_CONNECTION;
	return DBA_ERR_SYNTAX;
}

int ms_class_for_dberr(int dberr)
{
	switch (dberr) {
	case SYBETIME: /* 20003: timed out */
		return DBA_ERR_TIMEOUT;
	case SYBEFCON: /* 20002: connection failed */
	case SYBEREAD: /* 20004 */
	case SYBEWRIT: /* 20006 */
	case SYBESOCK: /* 20008 */
	case SYBECONN: /* 20009: server unavailable or does not exist */
	case SYBEUHST: /* 20013: unknown host */
	case SYBEPWD:  /* 20014: login incorrect */
	case SYBESEOF: /* 20017: unexpected EOF */
	case SYBEBTOK: /* 20020: stream out of sync */
	case SYBEOOB:  /* 20022 */
	case SYBEDDNE: /* 20047: DBPROCESS is dead */
	case SYBECLOS: /* 20056 */
		return DBA_ERR_CONNECTION;
	case SYBEUDTY: /* 20060: unknown datatype */
		return DBA_ERR_UNSUPPORTED;
	}
	return DBA_ERR_SYNTAX;
}

const char *ms_sqlstate_for_msg(int msgno)
{
	switch (msgno) {
	case 1205: return "40001";
	case 3960: return "40001";
	case 1222: return "HYT00";
	case 2627: case 2601: case 547: case 515: case 544: return "23000";
	case 102: case 156: case 170: return "42000";
	case 207: return "42S22";
	case 208: return "42S02";
	case 18456: return "28000";
	case 229: case 230: case 262: case 300: return "42000";
	}
	return "";
}

void ms_errstate_clear(ms_errstate *es)
{
	memset(es, 0, sizeof(*es));
}

void ms_errstate_msg(ms_errstate *es, int msgno, int state, int severity, const char *text)
{
	/* Severity 10 and below is information ("Changed database context"). */
	if (severity <= 10)
		return;
	/*
	 * Keep the first error: SQL Server follows it with generic ones
	 * ("The statement has been terminated.", 3621).  A deadlock or a lost
	 * session still wins, since it decides whether to retry.
	 */
	if (es->msgno && !(msgno == 1205 || severity >= 20))
		return;
	es->msgno = msgno;
	es->state = state;
	es->severity = severity;
	snprintf(es->text, sizeof(es->text), "%s", text ? text : "");
	/* One line: SQL Server messages may carry newlines. */
	for (char *p = es->text; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

void ms_errstate_dberr(ms_errstate *es, int dberr, int severity, const char *dbtext,
		       const char *ostext)
{
	/* SYBESMSG only says "check messages from the server": they are recorded already. */
	if (dberr == SYBESMSG)
		return;
	/* Keep the first (it carries the OS error), unless a lost link follows a lesser one. */
	if (es->dberr && (ms_class_for_dberr(es->dberr) == DBA_ERR_CONNECTION ||
			  ms_class_for_dberr(dberr) != DBA_ERR_CONNECTION))
		return;
	es->dberr = dberr;
	es->dbseverity = severity;
	snprintf(es->dbtext, sizeof(es->dbtext), "%s", dbtext ? dbtext : "");
	snprintf(es->ostext, sizeof(es->ostext), "%s", ostext ? ostext : "");
}

void ms_error_from_state(const ms_errstate *es, const char *what, int fallback_class,
			 dba_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	if (es->msgno) {
		err->err_class = ms_class_for_msg(es->msgno, es->severity);
		err->native_code = es->msgno;
		snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", ms_sqlstate_for_msg(es->msgno));
		snprintf(err->message, sizeof(err->message), "%s", es->text);
		snprintf(err->detail, sizeof(err->detail), "SQL Server message %d, severity %d, state %d%s%s",
			 es->msgno, es->severity, es->state, what ? ", during " : "", what ? what : "");
		/* A lost link outranks what the server said last. */
		if (es->dberr && ms_class_for_dberr(es->dberr) == DBA_ERR_CONNECTION)
			err->err_class = DBA_ERR_CONNECTION;
		return;
	}
	if (es->dberr) {
		err->err_class = ms_class_for_dberr(es->dberr);
		err->native_code = es->dberr;
		snprintf(err->message, sizeof(err->message), "%s%s%s", what ? what : "",
			 what ? ": " : "", es->dbtext);
		if (es->ostext[0])
			snprintf(err->detail, sizeof(err->detail), "db-lib error %d: %s", es->dberr,
				 es->ostext);
		else
			snprintf(err->detail, sizeof(err->detail), "db-lib error %d", es->dberr);
		return;
	}
	err->err_class = fallback_class;
	snprintf(err->message, sizeof(err->message), "%s failed", what ? what : "SQL Server call");
}
