#include "xmp.h"

namespace cesp::templates {
namespace {

std::string xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string property(const char* name, const char* description) {
  return std::string("<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>") + name +
         "</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>"
         "<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>" +
         description + "</pdfaProperty:description></rdf:li>\n";
}

}  // namespace

std::string xmp_packet(const XmpFields& f) {
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
  x += "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "
       "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" "
       "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
       "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
       "<pdfaSchema:schema>CESP document</pdfaSchema:schema>\n"
       "<pdfaSchema:namespaceURI>urn:cesp:document:1.0#</pdfaSchema:namespaceURI>\n"
       "<pdfaSchema:prefix>cesp</pdfaSchema:prefix>\n<pdfaSchema:property><rdf:Seq>\n";
  x += property("reference", "Document reference");
  x += property("templateId", "Template identifier");
  x += property("templateVersion", "Template version");
  x += property("templateSha256", "SHA-256 of the template file");
  x += property("contentSha256", "SHA-256 of the filled document text");
  x += "</rdf:Seq></pdfaSchema:property>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n";
  x += "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
       "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" "
       "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:cesp=\"urn:cesp:document:1.0#\">\n";
  x += "<dc:format>application/pdf</dc:format>\n";
  x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(f.title) +
       "</rdf:li></rdf:Alt></dc:title>\n";
  x += "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(f.description) +
       "</rdf:li></rdf:Alt></dc:description>\n";
  x += "<pdf:Keywords>" + xml(f.keywords) + "</pdf:Keywords>\n";
  x += "<pdf:Producer>" + xml(f.producer) + "</pdf:Producer>\n";
  x += "<xmp:CreatorTool>" + xml(f.creator_tool) + "</xmp:CreatorTool>\n";
  x += "<xmp:CreateDate>" + f.date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + f.date +
       "</xmp:ModifyDate>\n<xmp:MetadataDate>" + f.date + "</xmp:MetadataDate>\n";
  x += "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n";
  x += "<cesp:reference>" + xml(f.reference) + "</cesp:reference>\n";
  x += "<cesp:templateId>" + xml(f.template_id) + "</cesp:templateId>\n";
  x += "<cesp:templateVersion>" + xml(f.template_version) + "</cesp:templateVersion>\n";
  x += "<cesp:templateSha256>" + f.template_sha256 + "</cesp:templateSha256>\n";
  x += "<cesp:contentSha256>" + f.content_sha256 + "</cesp:contentSha256>\n";
  x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n";
  // Padding lets an editor update the packet in place, as XMP recommends.
  x += std::string(1024, ' ') + "\n<?xpacket end=\"w\"?>";
  return x;
}

}  // namespace cesp::templates
