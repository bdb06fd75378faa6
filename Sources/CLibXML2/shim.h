#ifndef MINDFUL_REPORT_CLIBXML2_SHIM_H
#define MINDFUL_REPORT_CLIBXML2_SHIM_H
// Foundation's ICU module clashes with Debian's ICU headers that libxml2 pulls in when
// LIBXML_ICU_ENABLED is set; none of the ICU-dependent API is used here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/catalog.h>
#include <libxml/valid.h>
#endif
