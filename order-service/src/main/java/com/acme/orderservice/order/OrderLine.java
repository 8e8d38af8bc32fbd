package com.acme.orderservice.order;

/**
 * One line of an order.
 *
 * @param sku the stock-keeping unit bought
 * @param quantity how many, at least 1
 * @param unitPriceCents price of one unit in cents, never negative
 */
public record OrderLine(String sku, int quantity, long unitPriceCents) {
}
