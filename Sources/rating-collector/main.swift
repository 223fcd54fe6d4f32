print("rating-collector")
