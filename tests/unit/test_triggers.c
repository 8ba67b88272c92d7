/* Trigger bodies (core/triggers.c): which table an INSERT INTO names. */
#include <criterion/criterion.h>

#include "triggers.h"

Test(triggers, insert_into_names_the_table)
{
	/* Sakila's ins_film, as information_schema.TRIGGERS holds it */
	const char *sakila = "BEGIN\n    INSERT INTO film_text (film_id, title, description)\n"
			     "        VALUES (new.film_id, new.title, new.description);\n  END";

	cr_assert(trigger_inserts_into(sakila, "film_text"));
	cr_assert_not(trigger_inserts_into(sakila, "film"), "the table named is film_text, not film");
	cr_assert(trigger_inserts_into("begin insert\n\tinto `Audit Log` values (1); end", "audit log"));
	cr_assert(trigger_inserts_into("BEGIN INSERT INTO public.\"history\"(id) VALUES (NEW.id); RETURN NEW; END;",
				       "history"));
	cr_assert(trigger_inserts_into("INSERT INTO app.log_rows SELECT 1", "log_rows"));
}

Test(triggers, other_words_do_not_count)
{
	cr_assert_not(trigger_inserts_into("UPDATE film_text SET title = new.title WHERE film_id = old.film_id",
					   "film_text"));
	cr_assert_not(trigger_inserts_into("reinsert into film_text", "film_text"), "insert inside a longer word");
	cr_assert_not(trigger_inserts_into("INSERT INTO film_texts VALUES (1)", "film_text"));
	cr_assert_not(trigger_inserts_into("insertinto film_text", "film_text"));
	cr_assert_not(trigger_inserts_into("", "film_text"));
	cr_assert_not(trigger_inserts_into("INSERT", "film_text"), "a body that ends early");
}
