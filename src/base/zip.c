/*
 * zip.c -- a ZIP archive written as it is made (see zip.h).
 */
#include "config.h"
#include "base/zip.h"

#include <stdlib.h>

#include <archive.h>
#include <archive_entry.h>

#include "base/model.h"

struct sb_zip {
	struct archive	 *a;
	struct archive_entry *entry;
	void		(*out)(void *, const void *, size_t);
	void		 *arg;
	int		  cut;	/* nothing more goes out */
};

static la_ssize_t
put(struct archive *a, void *client, const void *buf, size_t n)
{
	struct sb_zip *z = client;

	(void)a;
	if (!z->cut)
		z->out(z->arg, buf, n);
	return (la_ssize_t)n;
}

struct sb_zip *
sb_zip_open(void (*out)(void *, const void *, size_t), void *arg)
{
	struct sb_zip *z = calloc(1, sizeof(*z));

	if (z == NULL)
		return NULL;
	z->out = out;
	z->arg = arg;
	if ((z->a = archive_write_new()) == NULL ||
	    (z->entry = archive_entry_new()) == NULL ||
	    archive_write_set_format_zip(z->a) != ARCHIVE_OK ||
	    /* No blocking: each piece goes out as libarchive makes it. */
	    archive_write_set_bytes_per_block(z->a, 0) != ARCHIVE_OK ||
	    archive_write_open(z->a, z, NULL, put, NULL) != ARCHIVE_OK) {
		(void)sb_zip_close(z, 0);
		return NULL;
	}
	return z;
}

int
sb_zip_entry(struct sb_zip *z, const char *name, int64_t size, int deflate,
    int64_t mtime)
{
	archive_entry_clear(z->entry);
	archive_entry_set_pathname(z->entry, name);
	archive_entry_set_filetype(z->entry, AE_IFREG);
	archive_entry_set_perm(z->entry, 0600);
	archive_entry_set_mtime(z->entry, (time_t)mtime, 0);
	if (size >= 0)
		archive_entry_set_size(z->entry, size);
	if ((deflate ? archive_write_zip_set_compression_deflate(z->a) :
	    archive_write_zip_set_compression_store(z->a)) != ARCHIVE_OK ||
	    archive_write_header(z->a, z->entry) != ARCHIVE_OK)
		return SB_ERR;
	return SB_OK;
}

int
sb_zip_write(struct sb_zip *z, const void *p, size_t n)
{
	return archive_write_data(z->a, p, n) == (la_ssize_t)n ? SB_OK :
	    SB_ERR;
}

int
sb_zip_close(struct sb_zip *z, int ok)
{
	int rc = SB_OK;

	if (z == NULL)
		return SB_OK;
	if (z->a != NULL) {
		/* Freeing closes: cut short, the end must not go out. */
		z->cut = !ok;
		if (ok && archive_write_close(z->a) != ARCHIVE_OK)
			rc = SB_ERR;
		archive_write_free(z->a);
	}
	if (z->entry != NULL)
		archive_entry_free(z->entry);
	free(z);
	return rc;
}
