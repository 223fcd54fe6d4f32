#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

/* Why: curl_easy_setopt and curl_easy_getinfo are C variadic functions, which
 * Swift cannot call. One typed wrapper per argument type, each passing exactly
 * the type libcurl reads for that option (long, char*, void*, curl_off_t,
 * function pointer, slist). Remove them when Swift can call C variadic
 * functions or libcurl exports typed setters. Every symbol is prefixed ccurl_. */

/** Options of type long (CURLOPTTYPE_LONG): flags, timeouts, limits. */
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/** Options of type char* (CURLOPTTYPE_STRINGPOINT); libcurl copies the string. */
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Options of type void* (CURLOPTTYPE_OBJECTPOINT, CURLOPTTYPE_CBPOINT): buffers and callback contexts. */
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/** Options of type curl_off_t (CURLOPTTYPE_OFF_T): sizes. */
static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/** Options of type struct curl_slist* (CURLOPTTYPE_SLISTPOINT): header lists. */
static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/** The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks. */
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);

/** CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
static inline CURLcode ccurl_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/** The signature of the CURLOPT_XFERINFOFUNCTION callback; a non-zero return aborts the transfer. */
typedef int (*ccurl_xferinfo_callback)(void *context, curl_off_t download_total, curl_off_t downloaded,
                                        curl_off_t upload_total, curl_off_t uploaded);

/** CURLOPT_XFERINFOFUNCTION (used to abort a transfer when its Swift task is cancelled). */
static inline CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, CURLoption option, ccurl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/** CURLINFO_LONG values, e.g. CURLINFO_RESPONSE_CODE. */
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** CURLINFO_OFF_T values, e.g. CURLINFO_SIZE_UPLOAD_T. */
static inline CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** CURLINFO_DOUBLE values (only for options without an _T variant). */
static inline CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}
#endif
