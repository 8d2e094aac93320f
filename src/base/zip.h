/*
 * zip.h -- a ZIP archive written as it is made, to a callback (libarchive):
 * an entry whose size is not known yet is written with its length after
 * its data, so nothing is held back but libarchive's small buffers.
 * Return conventions: base/model.h.
 */
#ifndef SB_ZIP_H
#define SB_ZIP_H

#include <stddef.h>
#include <stdint.h>

struct sb_zip;

/* An archive whose bytes go to out(arg, ...) as they are made, or NULL. */
struct sb_zip	*sb_zip_open(void (*out)(void *arg, const void *, size_t),
		    void *arg);
/*
 * Begin the entry name (a relative path), of size bytes (-1: not known),
 * deflated or stored, dated mtime (seconds).  SB_OK or SB_ERR.
 */
int		 sb_zip_entry(struct sb_zip *, const char *name, int64_t size,
		    int deflate, int64_t mtime);
/* Bytes of the current entry.  SB_OK or SB_ERR. */
int		 sb_zip_write(struct sb_zip *, const void *, size_t);
/*
 * End the archive (its central directory) and free it; with ok 0, free
 * it without ending it (an archive cut short does not open).  SB_OK or
 * SB_ERR.
 */
int		 sb_zip_close(struct sb_zip *, int ok);

#endif
