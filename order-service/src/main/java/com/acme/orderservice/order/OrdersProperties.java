package com.acme.orderservice.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pageSize orders per page when the client asks for none
 * @param maxPageSize the most orders one page holds; larger requests get this many
 * (AIP-158)
 * @param importMaxItems the most orders one bulk import may carry
 * @param validationWindow how many ValidateUsers requests a bulk import keeps unanswered
 * at once
 */
@ConfigurationProperties("acme.orders")
public record OrdersProperties(@DefaultValue("20") int pageSize, @DefaultValue("100") int maxPageSize,
		@DefaultValue("1000") int importMaxItems, @DefaultValue("64") int validationWindow) {

	/**
	 * A zero would make every page empty, every import refused, or every import wait for
	 * its deadline.
	 */
	public OrdersProperties {
		if (pageSize < 1 || maxPageSize < 1 || importMaxItems < 1 || validationWindow < 1) {
			throw new IllegalArgumentException("acme.orders.page-size, max-page-size, import-max-items and "
					+ "validation-window must each be at least 1");
		}
	}

}
