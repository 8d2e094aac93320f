/*
 * scan_pdf.h -- the PDF half of base/scan.h, apart because it is libqpdf's.
 */
#ifndef SB_SCAN_PDF_H
#define SB_SCAN_PDF_H

#include <stddef.h>
#include <stdint.h>

#define SB_PDF_MAX_PAGES	50
#define SB_PDF_MAX_OBJECTS	200000		/* object ids read */

/*
 * As sb_scan_check(), for bytes that start like a PDF: NULL and *pages
 * set, or why not.
 */
const char	*sb_scan_pdf(const uint8_t *, size_t n, unsigned *pages);

#endif
