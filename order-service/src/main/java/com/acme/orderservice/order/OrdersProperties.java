package com.acme.orderservice.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pageSize orders per page when the client asks for none
 * @param maxPageSize the most orders one page holds; larger requests get this many (AIP-158)
 * @param importMaxItems the most orders one bulk import may carry
 * @param validationWindow how many ValidateUsers requests a bulk import keeps unanswered at once
 */
@ConfigurationProperties("acme.orders")
public record OrdersProperties(@DefaultValue("20") int pageSize, @DefaultValue("100") int maxPageSize,
		@DefaultValue("1000") int importMaxItems, @DefaultValue("64") int validationWindow) {
}
