#ifndef MINDFUL_REPORT_CLIBXML2_SHIM_H
#define MINDFUL_REPORT_CLIBXML2_SHIM_H
// Foundation's ICU module clashes with Debian's ICU headers that libxml2 pulls in when
// LIBXML_ICU_ENABLED is set; none of the ICU-dependent API is used here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/globals.h>
#include <libxml/catalog.h>
#include <libxml/valid.h>
#include <libxml/hash.h>
#include <libxml/xmlmemory.h>

/// The libxml2 version these headers are from ("2.9.14"); `xmlParserVersion` is the library's
/// at run time.
static inline const char *mindful_report_libxml_dotted_version(void) {
    return LIBXML_DOTTED_VERSION;
}

/// The libxml2 version loaded at run time, as libxml2 numbers it ("20914").
static inline const char *mindful_report_libxml_runtime_version(void) {
    return xmlParserVersion;
}

/// A parser input holding a copy of `length` bytes (`xmlParserInputBufferCreateMem` copies them),
/// named `filename` (copied too; it is the base that relative system identifiers in the entity
/// resolve against). libxml2 frees the input, its buffer and its name when it is done with the
/// entity. NULL when memory runs out.
static inline xmlParserInputPtr mindful_report_input_from_memory(xmlParserCtxtPtr ctxt, const char *bytes,
                                                                 int length, const char *filename) {
    xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE);
    if (buffer == NULL) return NULL;
    xmlParserInputPtr input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
    if (input == NULL) {
        xmlFreeParserInputBuffer(buffer);
        return NULL;
    }
    if (filename != NULL) input->filename = (const char *) xmlStrdup((const xmlChar *) filename);
    return input;
}

/// Reports an entity that could not be loaded the way libxml2 reports its own errors: to the
/// context's structured handler, else to this thread's (`xmlSetStructuredErrorFunc`), with the
/// line being parsed, and marks the document invalid. `message` is used as it is (no format).
static inline void mindful_report_loader_error(xmlParserCtxtPtr ctxt, const char *message) {
    xmlStructuredErrorFunc handler = NULL;
    void *data = NULL;
    if (ctxt != NULL && ctxt->sax != NULL && ctxt->sax->initialized == XML_SAX2_MAGIC && ctxt->sax->serror != NULL) {
        handler = ctxt->sax->serror;
        data = ctxt->userData;
    } else {
        handler = xmlStructuredError;
        data = xmlStructuredErrorContext;
    }
    if (ctxt != NULL) {
        ctxt->valid = 0;
        ctxt->errNo = XML_IO_LOAD_ERROR;
    }
    if (handler == NULL) return;
    xmlError error;
    memset(&error, 0, sizeof error);
    error.domain = XML_FROM_IO;
    error.code = XML_IO_LOAD_ERROR;
    error.level = XML_ERR_ERROR;
    error.message = (char *) message;
    error.ctxt = ctxt;
    if (ctxt != NULL && ctxt->input != NULL) {
        error.file = (char *) ctxt->input->filename;
        error.line = ctxt->input->line;
    }
    handler(data, &error);
}

/// This thread's structured error handler, as `xmlSetStructuredErrorFunc` last set it (NULL: none).
static inline xmlStructuredErrorFunc mindful_report_structured_error_handler(void) {
    return *__xmlStructuredError();
}

/// The context this thread's structured error handler is called with.
static inline void *mindful_report_structured_error_context(void) {
    return *__xmlStructuredErrorContext();
}

/// What `mindful_report_prepare_dtd` passes to each element declaration.
typedef struct {
    xmlValidCtxtPtr validation;
    int complete;
} mindful_report_dtd_preparation;

static void mindful_report_prepare_element(void *payload, void *data, const xmlChar *name) {
    (void) name;
    xmlElementPtr element = (xmlElementPtr) payload;
    mindful_report_dtd_preparation *preparation = (mindful_report_dtd_preparation *) data;
    if (element->etype == XML_ELEMENT_TYPE_ELEMENT) {
        if (element->contModel == NULL) xmlValidBuildContentModel(preparation->validation, element);
        if (element->contModel == NULL) preparation->complete = 0;
    }
    // The element's chain of attribute declarations is read only by the required-attribute
    // check of xmlValidateOneElement (for #REQUIRED and #FIXED ones: the others are skipped
    // there) and by the parser when it adds defaults to a document read against this DTD, which
    // these DTDs are not used for. The declarations all stay in the DTD's table, which attribute
    // checks look up, and are freed from there.
    xmlAttributePtr kept = NULL;
    xmlAttributePtr *tail = &kept;
    for (xmlAttributePtr attribute = element->attributes; attribute != NULL; attribute = attribute->nexth) {
        if (attribute->def == XML_ATTRIBUTE_REQUIRED || attribute->def == XML_ATTRIBUTE_FIXED) {
            *tail = attribute;
            tail = &attribute->nexth;
        }
    }
    *tail = NULL;
    element->attributes = kept;
}

/// Readies an external DTD that only validates documents with `xmlValidateDtd`, never parses
/// one: builds every element's content model now, so that validating changes nothing in the DTD,
/// and keeps in each element's chain of attribute declarations only the #REQUIRED and #FIXED
/// ones, the only ones validation reads there (the XHTML+ARIA and SVG DTDs declare 50 to 100
/// optional attributes per element, walked for every element of every document otherwise).
/// Returns 1 when every content model was built, 0 otherwise (then validation would still
/// build one as it goes). The DTD validates exactly as before.
static inline int mindful_report_prepare_dtd(xmlDtdPtr dtd) {
    if (dtd == NULL || dtd->elements == NULL) return 0;
    mindful_report_dtd_preparation preparation = { xmlNewValidCtxt(), 1 };
    if (preparation.validation == NULL) return 0;
    xmlHashScan((xmlHashTablePtr) dtd->elements, mindful_report_prepare_element, &preparation);
    xmlFreeValidCtxt(preparation.validation);
    return preparation.complete;
}
/// True when `xmlEncodeAttributeEntities` would return `text` unchanged: every byte printable
/// ASCII other than `<`, `>` and `&`, or a tab or line feed.
static inline int mindful_report_attribute_text_is_plain(const xmlChar *text) {
    for (const xmlChar *c = text; *c != 0; c++) {
        if ((*c >= 0x20 && *c < 0x80 && *c != '<' && *c != '>' && *c != '&') || *c == '\n' || *c == '\t') continue;
        return 0;
    }
    return 1;
}

/// libxml2 2.9.14's `xmlValidateElement`, step for step, except that an attribute whose value
/// is one plain text node (see above) is validated with that text where it is, instead of a
/// copy made by `xmlNodeListGetString(doc, attr->children, 0)`, which would be the same bytes:
/// that copy (a 1000-byte buffer a value, then the text escaped into it) was a third of the
/// validation of a chart, whose path data are long attribute values.
static int mindful_report_validate_element(xmlValidCtxtPtr ctxt, xmlDocPtr doc, xmlNodePtr elem) {
    int ret = 1;
    if (elem == NULL) return 0;
    if (elem->type == XML_XINCLUDE_START || elem->type == XML_XINCLUDE_END || elem->type == XML_NAMESPACE_DECL) return 1;
    if (doc == NULL || (doc->intSubset == NULL && doc->extSubset == NULL)) return 0;
    if (elem->type == XML_ENTITY_REF_NODE) return 1;
    ret &= xmlValidateOneElement(ctxt, doc, elem);
    if (elem->type == XML_ELEMENT_NODE) {
        for (xmlAttrPtr attr = elem->properties; attr != NULL; attr = attr->next) {
            xmlNodePtr text = attr->children;
            if (text != NULL && text->next == NULL && (text->type == XML_TEXT_NODE || text->type == XML_CDATA_SECTION_NODE) &&
                text->content != NULL && mindful_report_attribute_text_is_plain(text->content)) {
                ret &= xmlValidateOneAttribute(ctxt, doc, elem, attr, text->content);
            } else {
                xmlChar *value = xmlNodeListGetString(doc, attr->children, 0);
                ret &= xmlValidateOneAttribute(ctxt, doc, elem, attr, value);
                if (value != NULL) xmlFree(value);
            }
        }
        for (xmlNsPtr ns = elem->nsDef; ns != NULL; ns = ns->next) {
            ret &= xmlValidateOneNamespace(ctxt, doc, elem, elem->ns == NULL ? NULL : elem->ns->prefix, ns, ns->href);
        }
    }
    for (xmlNodePtr child = elem->children; child != NULL; child = child->next) {
        ret &= mindful_report_validate_element(ctxt, doc, child);
    }
    return ret;
}

/// libxml2 2.9.14's `xmlValidateDtd` (the document against `dtd`, its own subsets set aside
/// meanwhile), walking the elements with `mindful_report_validate_element`. Returns 1 when the
/// document is valid.
static inline int mindful_report_validate_dtd(xmlValidCtxtPtr ctxt, xmlDocPtr doc, xmlDtdPtr dtd) {
    if (dtd == NULL || doc == NULL) return 0;
    xmlDtdPtr oldExt = doc->extSubset, oldInt = doc->intSubset;
    doc->extSubset = dtd;
    doc->intSubset = NULL;
    int ret = xmlValidateRoot(ctxt, doc);
    if (ret == 0) {
        doc->extSubset = oldExt;
        doc->intSubset = oldInt;
        return ret;
    }
    if (doc->ids != NULL) {
        xmlFreeIDTable((xmlIDTablePtr) doc->ids);
        doc->ids = NULL;
    }
    if (doc->refs != NULL) {
        xmlFreeRefTable((xmlRefTablePtr) doc->refs);
        doc->refs = NULL;
    }
    ret = mindful_report_validate_element(ctxt, doc, xmlDocGetRootElement(doc));
    ret &= xmlValidateDocumentFinal(ctxt, doc);
    doc->extSubset = oldExt;
    doc->intSubset = oldInt;
    return ret;
}
#endif
