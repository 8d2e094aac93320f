/*
 * scan_pdf.c -- a PDF read by libqpdf, every object of it, for what could
 * act when the file is opened (base/scan.h says what and why).
 */
#include "config.h"
#include "base/scan_pdf.h"

#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#define DEPTH_MAX	24	/* direct objects nested inside one object */

/* A PDF name, and what a PDF that has it is refused for. */
struct refusal {
	const char	*name;
	const char	*why;
};

/* Actions (an action dictionary's /S) that run or open something. */
static const struct refusal acting[] = {
	{ "/JavaScript", "The PDF contains JavaScript" },
	{ "/Launch", "The PDF contains an action that launches a program" },
	{ "/SubmitForm", "The PDF contains an action that sends data" },
	{ "/ImportData", "The PDF contains an action that imports data" },
	{ "/GoToR", "The PDF contains an action that opens another file" },
	{ "/GoToE", "The PDF contains an action that opens an embedded file" },
	{ "/Rendition", "The PDF contains a media action" },
	{ "/RichMediaExecute", "The PDF contains rich media" },
};

/* Keys whose presence alone is active content. */
static const struct refusal refused_keys[] = {
	{ "/JS", "The PDF contains JavaScript" },
	{ "/JavaScript", "The PDF contains JavaScript" },
	{ "/AA", "The PDF contains actions that run on events" },
	{ "/EmbeddedFiles", "The PDF contains embedded files" },
	{ "/EF", "The PDF contains embedded files" },
	{ "/XFA", "The PDF contains an XFA form" },
	{ "/RichMediaContent", "The PDF contains rich media" },
	{ "/RichMediaSettings", "The PDF contains rich media" },
};

/* Values of /Type or /Subtype that are active content. */
static const struct refusal refused_types[] = {
	{ "/EmbeddedFile", "The PDF contains embedded files" },
	{ "/FileAttachment", "The PDF contains embedded files" },
	{ "/RichMedia", "The PDF contains rich media" },
	{ "/Movie", "The PDF contains rich media" },
	{ "/Sound", "The PDF contains rich media" },
	{ "/Screen", "The PDF contains rich media" },
};

static const char *check_object(qpdf_data, qpdf_oh, int depth);
static const char *check_value(qpdf_data, qpdf_oh, int depth);

#define NREFUSALS(a)	(sizeof(a) / sizeof((a)[0]))

/* The value v when it is a name of the table t (n rows): why; else NULL. */
static const char *
refused_name(qpdf_data q, qpdf_oh v, const struct refusal *t, size_t n)
{
	const char *name;

	if (!qpdf_oh_is_name(q, v) || (name = qpdf_oh_get_name(q, v)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, t[i].name) == 0)
			return t[i].why;
	return NULL;
}

/*
 * A value inside an object: direct ones are read here; an indirect one is
 * read by its own id (sb_scan_pdf reads every id at generation 0), unless
 * it is of a later generation (an incremental update), read here.
 */
static const char *
check_value(qpdf_data q, qpdf_oh v, int depth)
{
	if (qpdf_oh_is_indirect(q, v) && qpdf_oh_get_generation(q, v) == 0)
		return NULL;
	return check_object(q, v, depth + 1);
}

/* A dictionary: its keys, then its direct values. */
static const char *
check_dict(qpdf_data q, qpdf_oh d, int depth)
{
	const char	*why = NULL;
	char		**keys = NULL;
	size_t		 n = 0, cap = 0;

	for (size_t i = 0; i < NREFUSALS(refused_keys); i++)
		if (qpdf_oh_has_key(q, d, refused_keys[i].name))
			return refused_keys[i].why;
	if ((qpdf_oh_has_key(q, d, "/S") && (why = refused_name(q,
	    qpdf_oh_get_key(q, d, "/S"), acting, NREFUSALS(acting)))) ||
	    (qpdf_oh_has_key(q, d, "/Type") && (why = refused_name(q,
	    qpdf_oh_get_key(q, d, "/Type"), refused_types,
	    NREFUSALS(refused_types)))) ||
	    (qpdf_oh_has_key(q, d, "/Subtype") && (why = refused_name(q,
	    qpdf_oh_get_key(q, d, "/Subtype"), refused_types,
	    NREFUSALS(refused_types)))))
		return why;
	/*
	 * Direct values hold nested actions (an annotation's /A, the
	 * catalog's /Names); indirect ones are read by their own id.  The
	 * key iterator is one per document: copy the keys first.
	 */
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q)) {
		const char *k = qpdf_oh_dict_next_key(q);

		if (n == cap) {
			char **more = realloc(keys, (cap = cap ? 2 * cap : 16) *
			    sizeof(*keys));

			if (more == NULL)
				goto oom;
			keys = more;
		}
		if ((keys[n] = strdup(k != NULL ? k : "")) == NULL)
			goto oom;
		n++;
	}
	for (size_t i = 0; i < n && why == NULL; i++)
		why = check_value(q, qpdf_oh_get_key(q, d, keys[i]), depth);
	/*
	 * What it holds said nothing worse: an /OpenAction may still only
	 * jump to a page (an array, or /S /GoTo).
	 */
	if (why == NULL && qpdf_oh_has_key(q, d, "/OpenAction")) {
		qpdf_oh a = qpdf_oh_get_key(q, d, "/OpenAction");

		if (qpdf_oh_is_dictionary(q, a) &&
		    !qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, a, "/S"),
		    "/GoTo"))
			why = "The PDF contains an action that runs when it "
			    "is opened";
	}
	goto out;
oom:
	why = "The PDF is too complex to check";
out:
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return why;
}

static const char *
check_object(qpdf_data q, qpdf_oh o, int depth)
{
	const char *why = NULL;

	if (depth > DEPTH_MAX)
		return "The PDF is too deeply nested to check";
	if (qpdf_oh_is_stream(q, o))
		return check_dict(q, qpdf_oh_get_dict(q, o), depth);
	if (qpdf_oh_is_dictionary(q, o))
		return check_dict(q, o, depth);
	if (qpdf_oh_is_array(q, o)) {
		int n = qpdf_oh_get_array_n_items(q, o);

		for (int i = 0; i < n && why == NULL; i++)
			why = check_value(q, qpdf_oh_get_array_item(q, o, i),
			    depth);
	}
	return why;
}

/* Only white space may follow the last %%EOF. */
static int
ends_cleanly(const uint8_t *p, size_t n)
{
	static const char eof[] = "%%EOF";
	size_t i;

	if (n < sizeof(eof) - 1)
		return 0;
	for (i = n - (sizeof(eof) - 1); ; i--) {
		if (memcmp(p + i, eof, sizeof(eof) - 1) == 0)
			break;
		if (i == 0)
			return 0;
	}
	for (i += sizeof(eof) - 1; i < n; i++)
		if (strchr(" \t\r\n\f", p[i]) == NULL || p[i] == '\0')
			return 0;
	return 1;
}

const char *
sb_scan_pdf(const uint8_t *p, size_t n, unsigned *npages)
{
	qpdf_data	 q = qpdf_init();
	const char	*why = NULL;
	long long	 size = 0;
	int		 pages;

	if (q == NULL)
		return "The PDF could not be checked";
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (!ends_cleanly(p, n)) {
		why = "The PDF is incomplete or has data after its end";
		goto out;
	}
	if ((qpdf_read_memory(q, "scan", (const char *)p, n, "") &
	    QPDF_ERRORS) != 0 || qpdf_has_error(q)) {
		why = "The PDF cannot be read (damaged, or protected by a "
		    "password)";
		goto out;
	}
	pages = qpdf_get_num_pages(q);
	if (pages < 1 || qpdf_has_error(q)) {
		why = "The PDF has no pages";
		goto out;
	}
	if (pages > SB_PDF_MAX_PAGES) {
		why = "The PDF has too many pages";
		goto out;
	}
	*npages = (unsigned)pages;

	/* Every object the cross-reference table names, object streams too. */
	if (!qpdf_oh_get_value_as_longlong(q, qpdf_oh_get_key(q,
	    qpdf_get_trailer(q), "/Size"), &size) || size < 1)
		size = SB_PDF_MAX_OBJECTS;
	if (size > SB_PDF_MAX_OBJECTS) {
		why = "The PDF has too many objects";
		goto out;
	}
	for (long long id = 1; id < size && why == NULL; id++) {
		why = check_object(q, qpdf_get_object_by_id(q, (int)id, 0), 0);
		if (id % 256 == 0)
			qpdf_oh_release_all(q);
	}
	if (why == NULL)
		why = check_object(q, qpdf_get_trailer(q), 0);
	/* Errors while reading objects: a damaged file, said as such. */
	if (why == NULL && qpdf_has_error(q))
		why = "The PDF cannot be read (damaged)";
out:
	/* Errors read here are handled: qpdf would print the others. */
	while (qpdf_has_error(q))
		(void)qpdf_get_error(q);
	qpdf_cleanup(&q);
	return why;
}
