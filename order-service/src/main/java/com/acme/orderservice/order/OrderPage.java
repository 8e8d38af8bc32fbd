package com.acme.orderservice.order;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a user's orders, newest first.
 *
 * @param nextPageToken where the next page starts; {@code null} on the last page
 */
public record OrderPage(List<Order> orders, @Nullable String nextPageToken) {
}
