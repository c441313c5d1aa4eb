package dev.veojobs.emulators.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ObjectListingTest {
  private final TreeMap<String, StoredObject> objects = new TreeMap<>();

  private void put(String... names) {
    for (String name : names) {
      objects.put(name, new StoredObject("b", name, new byte[0], "text/plain", 1, 1, Map.of(), "", "",
          Instant.EPOCH, Instant.EPOCH, ObjectHeaders.NONE));
    }
  }

  @Test
  void itemsAndPrefixesShareMaxResultsAndPagesResumeAfterAFoldedPrefix() {
    put("a.txt", "dir1/x", "dir1/y", "dir2/z", "m.txt", "zz/1");
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ObjectListing.Page page = ObjectListing.list(objects,
          new ObjectListing.Request("", "/", token, 2, null, null, false));
      page.items().forEach(item -> seen.add(item.name()));
      seen.addAll(page.prefixes());
      assertThat(page.items().size() + page.prefixes().size()).isLessThanOrEqualTo(2);
      token = page.nextPageToken();
      pages++;
    } while (token != null);

    assertThat(seen).containsExactlyInAnyOrder("a.txt", "dir1/", "dir2/", "m.txt", "zz/");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void lastPageHasNoToken() {
    put("a", "b");
    ObjectListing.Page page = ObjectListing.list(objects, new ObjectListing.Request(null, null, null, 2, null, null,
        false));
    assertThat(page.items()).hasSize(2);
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void prefixAndOffsetsNarrowTheListing() {
    put("logs/1", "logs/2", "logs/3", "other");
    ObjectListing.Page page = ObjectListing.list(objects,
        new ObjectListing.Request("logs/", null, null, 1000, "logs/2", "logs/3", false));
    assertThat(page.items()).extracting(StoredObject::name).containsExactly("logs/2");
  }
}
