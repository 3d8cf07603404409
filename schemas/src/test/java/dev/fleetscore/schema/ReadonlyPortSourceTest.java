package dev.fleetscore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The enum and the table contract name the same values, in the same order. */
class ReadonlyPortSourceTest {

  @Test
  void theColumnDocListsExactlyTheEnumsValues() {
    String doc = CloudNodePoolRow.getClassSchema().getField("readonly_port_source").doc();
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("\\b[A-Z][A-Z_]+[A-Z]\\b").matcher(doc);
    while (m.find()) {
      if (!m.group().equals("EKS")) {
        documented.add(m.group());
      }
    }
    assertEquals(
        Arrays.stream(ReadonlyPortSource.values()).map(Enum::name).toList(), documented, doc);
  }
}
