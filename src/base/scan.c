/*
 * scan.c -- images decoded whole by their own libraries, in bounded
 * memory, and the dispatch by what the first bytes claim (base/scan.h).
 */
#include "config.h"
#include "base/scan.h"
#include "base/scan_pdf.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

#include "base/document.h"

#define JPEG_MEMORY_MAX		(64L * 1024 * 1024)	/* progressive scans */
#define WEBP_PIXELS_MAX		(16u * 1000 * 1000)	/* lossless: 4 B each */
#define SCALED_SIDE		256	/* what the scaled decoders draw */

static const char too_large[] = "The image is too large (at most 12000 "
    "pixels a side and 40 megapixels)";

static const char *
check_size(unsigned long w, unsigned long h, unsigned long long max_pixels)
{
	if (w == 0 || h == 0)
		return "The image has no pixels";
	if (w > SB_SCAN_MAX_SIDE || h > SB_SCAN_MAX_SIDE ||
	    (unsigned long long)w * h > max_pixels)
		return too_large;
	return NULL;
}

/* -- PNG: libpng, one row at a time ------------------------------------- */

struct png_src {
	const uint8_t	*p;
	size_t		 n, off;
	jmp_buf		 jmp;
};

static void
png_fail(png_structp png, png_const_charp msg)
{
	struct png_src *src = png_get_error_ptr(png);

	(void)msg;
	longjmp(src->jmp, 1);
}

static void
png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void
png_read_mem(png_structp png, png_bytep out, png_size_t len)
{
	struct png_src *src = png_get_io_ptr(png);

	if (len > src->n - src->off)
		png_error(png, "truncated");
	memcpy(out, src->p + src->off, len);
	src->off += len;
}

static const char *
scan_png(const uint8_t *p, size_t n, struct sb_scan *s)
{
	struct png_src	 src = { .p = p, .n = n };
	png_structp	 png;
	png_infop	 info = NULL;
	png_bytep volatile row = NULL;
	const char *volatile why = "The PNG image is damaged or incomplete";
	png_uint_32	 w, h;
	int		 passes;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_fail,
	    png_quiet);
	if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return "The image could not be checked";
	}
	if (setjmp(src.jmp) != 0)
		goto out;
	png_set_chunk_cache_max(png, 1000);
	png_set_chunk_malloc_max(png, 8 * 1024 * 1024);
	png_set_read_fn(png, &src, png_read_mem);
	png_read_info(png, info);
	w = png_get_image_width(png, info);
	h = png_get_image_height(png, info);
	if ((why = check_size(w, h, SB_SCAN_MAX_PIXELS)) != NULL)
		goto out;
	why = "The PNG image is damaged or incomplete";
	passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if ((row = malloc(png_get_rowbytes(png, info))) == NULL) {
		why = "The image could not be checked";
		goto out;
	}
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < h; y++)
			png_read_row(png, row, NULL);
	png_read_end(png, NULL);
	/* Nothing may follow IEND: a PNG with a page behind it is not one. */
	if (src.off != n) {
		why = "The PNG image has data after its end";
		goto out;
	}
	s->width = w;
	s->height = h;
	why = NULL;
out:
	free(row);
	png_destroy_read_struct(&png, &info, NULL);
	return why;
}

/* -- JPEG: libjpeg-turbo, decoded at an eighth of its size ---------------- */

struct jpeg_fail {
	struct jpeg_error_mgr	mgr;
	jmp_buf			jmp;
	int			warnings;
};

static void
jpeg_fail_exit(j_common_ptr c)
{
	longjmp(((struct jpeg_fail *)(void *)c->err)->jmp, 1);
}

/* A warning is a damaged file (a missing end reads as grey rows). */
static void
jpeg_count(j_common_ptr c, int level)
{
	if (level < 0)
		((struct jpeg_fail *)(void *)c->err)->warnings++;
}

static const char *
scan_jpeg(const uint8_t *p, size_t n, struct sb_scan *s)
{
	struct jpeg_decompress_struct	 c;
	struct jpeg_fail		 err;
	JSAMPLE *volatile		 row = NULL;
	const char *volatile		 why = "The JPEG image is damaged or "
	    "incomplete";

	memset(&c, 0, sizeof(c));
	c.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail_exit;
	err.mgr.emit_message = jpeg_count;
	err.warnings = 0;
	if (setjmp(err.jmp) != 0)
		goto out;
	jpeg_create_decompress(&c);
	c.mem->max_memory_to_use = JPEG_MEMORY_MAX;
	jpeg_mem_src(&c, p, (unsigned long)n);
	if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK)
		goto out;
	if ((why = check_size(c.image_width, c.image_height,
	    SB_SCAN_MAX_PIXELS)) != NULL)
		goto out;
	why = "The JPEG image is damaged or incomplete";
	c.scale_num = 1;
	c.scale_denom = 8;
	c.dct_method = JDCT_IFAST;
	c.do_fancy_upsampling = FALSE;
	jpeg_start_decompress(&c);
	if ((row = malloc((size_t)c.output_width * c.output_components)) ==
	    NULL)
		goto out;
	while (c.output_scanline < c.output_height) {
		JSAMPROW rows[1] = { row };

		(void)jpeg_read_scanlines(&c, rows, 1);
	}
	jpeg_finish_decompress(&c);
	if (err.warnings > 0)
		goto out;
	/* Nothing may follow the end of the image. */
	if (c.src->bytes_in_buffer != 0) {
		why = "The JPEG image has data after its end";
		goto out;
	}
	s->width = c.image_width;
	s->height = c.image_height;
	why = NULL;
out:
	free(row);
	jpeg_destroy_decompress(&c);
	return why;
}

/* -- WebP: libwebp, decoded scaled down ----------------------------------- */

static const char *
scan_webp(const uint8_t *p, size_t n, struct sb_scan *s)
{
	WebPDecoderConfig	 cfg;
	const char		*why;
	uint32_t		 riff;

	/* The RIFF chunk covers the file exactly: nothing may follow it. */
	if (n < 12)
		return "The WebP image is damaged or incomplete";
	riff = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
	    (uint32_t)p[7] << 24;
	if ((size_t)riff + 8 != n)
		return n > (size_t)riff + 8 ? "The WebP image has data after "
		    "its end" : "The WebP image is damaged or incomplete";
	if (!WebPInitDecoderConfig(&cfg))
		return "The image could not be checked";
	if (WebPGetFeatures(p, n, &cfg.input) != VP8_STATUS_OK)
		return "The WebP image is damaged or incomplete";
	if (cfg.input.has_animation)
		return "Animated images are not accepted";
	if ((why = check_size((unsigned long)cfg.input.width,
	    (unsigned long)cfg.input.height, WEBP_PIXELS_MAX)) != NULL)
		return why == too_large ? "The WebP image is too large (at "
		    "most 16 megapixels)" : why;
	cfg.options.use_scaling = 1;
	cfg.options.scaled_width = cfg.input.width < SCALED_SIDE ?
	    cfg.input.width : SCALED_SIDE;
	cfg.options.scaled_height = cfg.input.height < SCALED_SIDE ?
	    cfg.input.height : SCALED_SIDE;
	cfg.output.colorspace = MODE_RGBA;
	if (WebPDecode(p, n, &cfg) != VP8_STATUS_OK)
		why = "The WebP image is damaged or incomplete";
	WebPFreeDecBuffer(&cfg.output);
	if (why == NULL) {
		s->width = (unsigned)cfg.input.width;
		s->height = (unsigned)cfg.input.height;
	}
	return why;
}

const char *
sb_scan_check(const uint8_t *p, size_t n, struct sb_scan *s)
{
	memset(s, 0, sizeof(*s));
	if ((s->media_type = sb_document_sniff(p, n)) == NULL)
		return "Document must be a JPEG, PNG, WebP or PDF file (or "
		    "plain text)";
	if (strcmp(s->media_type, SB_MEDIA_PNG) == 0)
		return scan_png(p, n, s);
	if (strcmp(s->media_type, SB_MEDIA_JPEG) == 0)
		return scan_jpeg(p, n, s);
	if (strcmp(s->media_type, SB_MEDIA_WEBP) == 0)
		return scan_webp(p, n, s);
	return sb_scan_pdf(p, n, &s->pages);
}
