package cn.gov.cluebus.example;

import cn.gov.cluebus.client.ApiClient;
import cn.gov.cluebus.client.ApiException;
import cn.gov.cluebus.client.api.CluesApi;
import cn.gov.cluebus.client.model.ClueCategory;
import cn.gov.cluebus.client.model.ClueCommandOutcomeDto;
import cn.gov.cluebus.client.model.ClueHistoryDto;
import cn.gov.cluebus.client.model.ClueSource;
import cn.gov.cluebus.client.model.ProblemDetailsDto;
import cn.gov.cluebus.client.model.RecordedEventDto;
import cn.gov.cluebus.client.model.RegisterClueDto;
import cn.gov.cluebus.client.model.SubjectDto;
import cn.gov.cluebus.client.model.SubjectKind;
import cn.gov.cluebus.client.model.SubjectRole;
import cn.gov.cluebus.client.model.TransferClueDto;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The README walk-through through the generated client only: nhc registers a clue and transfers
 * it to samr, samr acknowledges (签收), nhc reads the history, and a bad request is read as a
 * typed problem (code, field). Usage: Walkthrough [baseUrl] (default $CLUEBUS_URL or http://localhost:3000).
 */
public final class Walkthrough {
  private Walkthrough() {}

  /** The generated client of one department: its API key on every request (the document's `bearer` scheme). */
  private static ApiClient as(String baseUrl, String apiKey) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    return client;
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args.length > 0 ? args[0] : System.getenv().getOrDefault("CLUEBUS_URL", "http://localhost:3000");
    ApiClient nhcClient = as(baseUrl, "dev-nhc");
    CluesApi nhc = new CluesApi(nhcClient);
    CluesApi samr = new CluesApi(as(baseUrl, "dev-samr"));

    // 1. nhc registers a clue (an Idempotency-Key makes a retry return the first result)
    RegisterClueDto clue = new RegisterClueDto()
        .source(ClueSource.REPORT)
        .category(ClueCategory.KICKBACK)
        .summary("医药代表以学术推广费名义向科室主任支付回扣")
        .subjects(List.of(
            new SubjectDto().kind(SubjectKind.ENTERPRISE).name("某医药有限公司").uscc("91330100716105852F").role(SubjectRole.BRIBER),
            new SubjectDto().kind(SubjectKind.PERSON).name("张某").idNumber("11010519491231002X").role(SubjectRole.BRIBE_TAKER).position("心内科主任")));
    ClueCommandOutcomeDto registered = nhc.registerClue(clue, "java-" + UUID.randomUUID());
    UUID clueId = registered.getClueId();
    System.out.println("CLUE " + clueId);

    // 2. the transfer to samr
    TransferClueDto transfer = new TransferClueDto().to(new LinkedHashSet<>(List.of("samr"))).basis("医药领域腐败问题线索移交机制");
    UUID transferId = nhc.transferClue(clueId, transfer, "java-" + UUID.randomUUID()).getTransferId();
    System.out.println("TRANSFER " + transferId);

    // 3. samr acknowledges (签收)
    ClueCommandOutcomeDto acknowledged = samr.acknowledgeTransfer(clueId, transferId, null);
    System.out.println("ACKNOWLEDGED " + acknowledged.getEvents().get(0).getType());

    // 4. the clue's full history, in order
    ClueHistoryDto history = nhc.getClueHistory(clueId, null);
    System.out.println("HISTORY " + history.getEvents().stream().map(RecordedEventDto::getType).collect(Collectors.joining(",")));

    // 5. a bad request: the ID number's check digit is wrong; nothing is stored
    RegisterClueDto bad = new RegisterClueDto()
        .source(ClueSource.REPORT)
        .category(ClueCategory.BRIBERY)
        .summary("校验位错误的身份证号")
        .subjects(List.of(new SubjectDto().kind(SubjectKind.PERSON).name("王某").idNumber("110105194912310021")));
    try {
      nhc.registerClue(bad, null);
      throw new IllegalStateException("a wrong check digit was accepted");
    } catch (ApiException e) {
      // Problem details may carry members this client does not know (RFC 9457 §3.2): ignore them.
      ProblemDetailsDto problem = nhcClient.getObjectMapper().copy()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(e.getResponseBody(), ProblemDetailsDto.class);
      System.out.println("PROBLEM " + e.getCode() + " code=" + problem.getCode() + " field=" + problem.getField());
    }
  }
}
