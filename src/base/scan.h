/*
 * scan.h -- an uploaded scan checked all the way through, by the libraries
 * that read its format, before it is stored.
 *
 * The first bytes only say what a file claims to be; a PNG signature, a PDF
 * header or RIFF....WEBP followed by HTML claims a lot.  Here each image is
 * decoded whole by its own library (libpng, libjpeg-turbo, libwebp), its
 * dimensions checked before any pixel is decoded, and nothing may follow
 * its end; a PDF is parsed by libqpdf, every object of it (those in object
 * streams too) read, and refused when it carries active content:
 * JavaScript, an action that opens or runs something (Launch, SubmitForm,
 * ImportData, GoToR, GoToE, Rendition, RichMediaExecute, a /AA trigger, an
 * /OpenAction that is not a plain jump), embedded files, XFA forms or
 * RichMedia.  Decoding uses bounded memory: a row at a time for PNG, the
 * JPEG and WebP decoders scaled down, so a 40-megapixel image costs a
 * worker a few hundred kilobytes.
 */
#ifndef SB_SCAN_H
#define SB_SCAN_H

#include <stddef.h>
#include <stdint.h>

#define SB_SCAN_MAX_SIDE	12000		/* pixels, either side */
#define SB_SCAN_MAX_PIXELS	(40u * 1000 * 1000)
/* A PDF's limits: base/scan_pdf.h. */

struct sb_scan {
	const char	*media_type;	/* SB_MEDIA_* of base/document.h */
	unsigned	 width, height;	/* an image's, in pixels */
	unsigned	 pages;		/* a PDF's */
};

/*
 * Check n bytes that claim (by their first bytes) to be an image or a PDF.
 * NULL when they are one, whole and harmless, with s filled; else the
 * reason, a sentence for the 422 ("The PDF contains JavaScript").
 */
const char	*sb_scan_check(const uint8_t *, size_t n, struct sb_scan *s);

#endif
